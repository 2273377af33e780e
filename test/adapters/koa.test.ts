import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import Router from '@koa/router';
import Koa from 'koa';
import koa2 from 'koa2';
import { ForbiddenError, ok } from 'statuskit';
import { type Guard, maintenance, rateLimit } from 'statuskit/guards';
import { type AdapterOptions, type KoaStatuskit, statuskit } from 'statuskit/koa';
import { z } from 'zod';
import { serveOnFreePort } from '../fixtures/serve-on-free-port.js';
import { startApp as startKoa3 } from '../fixtures/statuskit-koa.js';
import { startApp as startKoa2 } from '../fixtures/statuskit-koa2.js';
import { assertError, describeContractRows } from './contract-rows.js';
import { call, head, raw, recordingLogger } from './http-client.js';

describeContractRows('statuskit/koa on Koa 3', startKoa3);
describeContractRows('statuskit/koa on Koa 2', startKoa2);

/** A guard that answers through a Promise: 403 on /denied, a header everywhere else. */
const asyncGuard: Guard = {
  name: 'async',
  check: async (request) =>
    request.path === '/denied'
      ? { headers: { 'x-guard': 'ran' }, error: new ForbiddenError('No entry') }
      : { headers: { 'x-guard': 'ran' } },
};

for (const { name, KoaClass } of [
  { name: 'Koa 3', KoaClass: Koa },
  { name: 'Koa 2', KoaClass: koa2 },
]) {
  /** An app with statuskit first, then the routes `build` adds, served on a free port. */
  async function serve(options: AdapterOptions, build: (router: Router, app: Koa, sk: KoaStatuskit) => void) {
    const app = new KoaClass();
    const router = new Router();
    const sk = statuskit(options);
    app.use(sk);
    build(router, app, sk);
    return serveOnFreePort(createServer(app.callback()), {});
  }

  describe(`statuskit/koa on ${name}`, () => {
    it('puts the success helpers and validate() on ctx, with validationStatus', async () => {
      const { url, close } = await serve({ logger: false, validationStatus: 422 }, (router, app) => {
        router.post('/checked', async (ctx) =>
          ctx.created('/checked/1', await ctx.validate(z.object({ n: z.number() }))),
        );
        router.get('/accepted', (ctx) => ctx.accepted({ job: 1 }, { message: 'Queued' }));
        router.get('/reset', (ctx) => ctx.success(205));
        router.get('/moved', (ctx) => ctx.redirectTo('/there', 303));
        router.get('/parts', (ctx) => ctx.sendParts(ok('p', { headers: { 'x-a': 'b' } })));
        app.use(router.routes());
      });
      try {
        const post = (body: string) =>
          call(`${url}/checked`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const made = await post('{"n":1}');
        assert.equal(made.status, 201);
        assert.equal(made.headers.get('location'), '/checked/1');
        assert.deepEqual(made.json, { success: 'Created', data: { n: 1 } });
        assertError(await post('{"n":"1"}'), 422, 'Validation failed');
        assert.deepEqual((await call(`${url}/accepted`)).json, { success: 'Queued', data: { job: 1 } });
        const reset = await raw(url, head('GET', '/reset'));
        assert.equal(reset.status, 205);
        assert.equal(reset.headers['content-length'], '0');
        assert.equal(reset.headers['transfer-encoding'], undefined);
        const moved = await call(`${url}/moved`);
        assert.equal(moved.status, 303);
        assert.deepEqual(moved.json, { success: 'See other' });
        const parts = await call(`${url}/parts`);
        assert.equal(parts.text, '{"success":"OK","data":"p"}');
        assert.equal(parts.headers.get('x-a'), 'b');
      } finally {
        await close();
      }
    });

    it('computes Allow from prefixed and nested routers, also after router.allowedMethods()', async () => {
      const { url, close } = await serve({ logger: false }, (router, app) => {
        const notes = new Router({ prefix: '/notes' });
        notes.get('/:id', (ctx) => ctx.ok(1));
        notes.patch('/:id', (ctx) => ctx.ok(2));
        router.use('/api', notes.routes());
        const other = new Router();
        other.post('/things', (ctx) => ctx.ok(3));
        app.use(router.routes());
        app.use(other.routes());
        app.use(other.allowedMethods());
      });
      try {
        const wrong = await call(`${url}/api/notes/7`, { method: 'PUT' });
        assertError(wrong, 405, 'Method not allowed');
        assert.equal(wrong.headers.get('allow'), 'GET, HEAD, PATCH, OPTIONS');
        const viaRouter = await call(`${url}/things`, { method: 'DELETE' });
        assertError(viaRouter, 405, 'Method not allowed');
        assert.match(String(viaRouter.headers.get('allow')), /POST/);
        const options = await call(`${url}/api/notes/7`, { method: 'OPTIONS' });
        assert.equal(options.status, 204);
        assert.equal(options.headers.get('allow'), 'GET, HEAD, PATCH, OPTIONS');
        assertError(await call(`${url}/api/nothing`), 404, 'Not found');
      } finally {
        await close();
      }
    });

    it('answers a bodiless error status set by a handler in the envelope', async () => {
      const { url, close } = await serve({ logger: false }, (router, app) => {
        router.get('/denied', (ctx) => {
          ctx.status = 401;
          ctx.set('www-authenticate', 'Basic realm="notes"');
        });
        router.get('/empty-404', (ctx) => {
          ctx.status = 404;
        });
        app.use(router.routes());
      });
      try {
        const denied = await call(`${url}/denied`);
        assertError(denied, 401, 'Unauthorized');
        assert.equal(denied.headers.get('www-authenticate'), 'Basic realm="notes"');
        assertError(await call(`${url}/empty-404`), 404, 'Not found');
      } finally {
        await close();
      }
    });

    it("keeps Koa's default error logging quiet: 5xx and late errors go to the logger once", async () => {
      const logger = recordingLogger();
      const printed: unknown[] = [];
      const consoleError = console.error;
      console.error = (...args: unknown[]) => void printed.push(args);
      const { url, close } = await serve({ logger }, (router, app) => {
        router.get('/forbidden', (ctx) => ctx.throw(403, 'Nope'));
        router.get('/crash', () => {
          throw new Error('secret-token-123');
        });
        router.get('/late-write', async (ctx) => {
          ctx.res.writeHead(200, { 'content-type': 'text/plain' });
          await new Promise((sent) => ctx.res.write('partial', sent));
          throw new Error('late');
        });
        app.use(router.routes());
      });
      try {
        assertError(await call(`${url}/forbidden`), 403, 'Nope');
        assertError(await call(`${url}/crash`), 500, 'Internal server error');
        const late = await raw(url, head('GET', '/late-write'));
        assert.equal(late.status, 200);
        assert.ok(!late.body.endsWith('0\r\n\r\n'));
        assert.equal((await call(`${url}/nowhere`)).status, 404);
        assert.equal(logger.logged.length, 2);
        assert.deepEqual(printed, []);
      } finally {
        console.error = consoleError;
        await close();
      }
    });

    it('reads bodies only for routed requests, into ctx.request.body', async () => {
      const { url, close } = await serve({ logger: false, bodyLimit: 10 }, (router, app) => {
        router.post('/echo', (ctx) => ctx.ok(ctx.request.body));
        app.use(router.routes());
      });
      try {
        const text = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(50) };
        assertError(await call(`${url}/nowhere`, text), 404, 'Not found');
        assertError(await call(`${url}/echo`, { ...text, method: 'PUT' }), 405, 'Method not allowed');
        assertError(await call(`${url}/echo`, text), 413, 'Request body is larger than 10 bytes');
        const json = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' };
        assert.deepEqual((await call(`${url}/echo`, json)).json, { success: 'OK', data: [1, 2] });
      } finally {
        await close();
      }
    });

    it('runs app-wide guards first (asynchronous ones too) and sk.guard() per route', async () => {
      const mode = maintenance({ exemptPaths: ['/open', '/limited', '/denied'] });
      const { url, close } = await serve({ logger: false, guards: [mode, asyncGuard] }, (router, app, sk) => {
        router.get('/open', (ctx) => ctx.ok('open'));
        router.get('/denied', (ctx) => ctx.ok('never'));
        router.post('/limited', sk.guard(rateLimit({ limit: 1 })), (ctx) =>
          ctx.created('/x', ctx.request.body),
        );
        app.use(router.routes());
      });
      try {
        const open = await call(`${url}/open`);
        assert.equal(open.status, 200);
        assert.equal(open.headers.get('x-guard'), 'ran');
        const denied = await call(`${url}/denied`);
        assertError(denied, 403, 'No entry');
        assert.equal(denied.headers.get('x-guard'), 'ran');
        const post = () =>
          call(`${url}/limited`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '[1]',
          });
        assert.deepEqual((await post()).json, { success: 'Created', data: [1] });
        const refused = await post();
        assertError(refused, 429, 'Too many requests');
        assert.match(refused.headers.get('ratelimit') ?? '', /r=0/);
        mode.enable({ retryAfter: 9 });
        const down = await call(`${url}/nowhere`);
        assertError(down, 503, 'Down for maintenance');
        assert.equal(down.headers.get('retry-after'), '9');
      } finally {
        await close();
      }
    });

    it('answers 304 from ctx.ok with etag on (weak), and 412 from ctx.preconditions', async () => {
      const { url, close } = await serve({ logger: false, etag: 'weak' }, (router, app) => {
        router.get('/note', (ctx) => ctx.ok({ n: 1 }));
        router.patch('/note', (ctx) => {
          ctx.preconditions(ctx.etagFor({ n: 1 }));
          ctx.ok({ n: 2 });
        });
        app.use(router.routes());
      });
      try {
        const tag = (await call(`${url}/note`)).headers.get('etag') ?? '';
        assert.match(tag, /^W\/"/);
        const again = await raw(url, head('GET', '/note', { 'if-none-match': tag }));
        assert.equal(again.status, 304);
        assert.equal(again.headers.etag, tag);
        assert.equal(again.headers['content-length'], undefined);
        const patch = (headers: Record<string, string>) => call(`${url}/note`, { method: 'PATCH', headers });
        assertError(await patch({ 'if-match': tag }), 412, 'Precondition failed'); // weak never matches If-Match
        assert.equal((await patch({})).status, 200);
      } finally {
        await close();
      }
    });

    it("discards a late ctx.body after the deadline's 503 and keeps serving", async () => {
      let lateSet: () => void = () => {};
      const set = new Promise<void>((resolve) => (lateSet = resolve));
      const { url, close } = await serve({ logger: false, deadlineMs: 50 }, (router, app) => {
        router.get('/late', async (ctx) => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          ctx.status = 200;
          ctx.set('x-late', '1');
          ctx.body = 'late';
          lateSet();
        });
        router.get('/fine', (ctx) => ctx.ok('fine'));
        app.use(router.routes());
      });
      try {
        const answer = await call(`${url}/late`);
        assertError(answer, 503, 'Service unavailable');
        assert.equal(answer.headers.get('x-late'), null);
        await set;
        assert.equal((await call(`${url}/fine`)).status, 200);
      } finally {
        await close();
      }
    });
  });
}
