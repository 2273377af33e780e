import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import express from 'express';
import express4 from 'express4';
import { ForbiddenError, ok } from 'statuskit';
import { statuskit, wrapAsync } from 'statuskit/express';
import { type Guard, maintenance, rateLimit } from 'statuskit/guards';
import { z } from 'zod';
import { serveOnFreePort } from '../fixtures/serve-on-free-port.js';
import { startApp as startExpress5 } from '../fixtures/statuskit-express.js';
import { startApp as startExpress4 } from '../fixtures/statuskit-express4.js';
import { assertError, describeContractRows } from './contract-rows.js';
import { call, head, raw, recordingLogger } from './http-client.js';

describeContractRows('statuskit/express on Express 5', startExpress5);
describeContractRows('statuskit/express on Express 4', startExpress4);

const unwrapped: typeof wrapAsync = (handler) => handler;
const versions = [
  { name: 'Express 5', make: express, wrap: unwrapped },
  { name: 'Express 4', make: express4, wrap: wrapAsync },
];

/** A guard that answers through a Promise: 403 on /denied, a header everywhere else. */
const asyncGuard: Guard = {
  name: 'async',
  check: async (request) =>
    request.path === '/api/denied'
      ? { headers: { 'x-guard': 'ran' }, error: new ForbiddenError('No entry') }
      : { headers: { 'x-guard': 'ran' } },
};

for (const { name, make, wrap } of versions) {
  describe(`statuskit/express on ${name}`, () => {
    it('computes Allow from nested routers, app.route() and regexp paths', async () => {
      const sk = statuskit({ logger: false });
      const app = make();
      app.use(sk.start);
      const notes = make.Router();
      notes.get('/:id', (_req, res) => res.ok(1));
      notes.patch('/:id', (_req, res) => res.ok(2));
      const api = make.Router();
      api.use('/notes', notes);
      app.use('/api', api);
      app
        .route('/things')
        .get((_req, res) => res.ok(3))
        .post((_req, res) => res.ok(4));
      app.delete(/^\/re\/\d+$/, (_req, res) => res.noContent());
      app.all('/any', (_req, _res, next) => next());
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        assert.deepEqual((await call(`${url}/api/notes/7`, { method: 'PATCH' })).json, {
          success: 'OK',
          data: 2,
        });
        const wrong = await call(`${url}/api/notes/7`, { method: 'PUT' });
        assertError(wrong, 405, 'Method not allowed');
        assert.equal(wrong.headers.get('allow'), 'GET, HEAD, PATCH, OPTIONS');
        const options = await call(`${url}/things`, { method: 'OPTIONS' });
        assert.equal(options.status, 204);
        assert.equal(options.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
        assert.equal((await call(`${url}/re/12`, { method: 'GET' })).headers.get('allow'), 'DELETE, OPTIONS');
        assertError(await call(`${url}/api/nothing`), 404, 'Not found');
        assertError(await call(`${url}/any`, { method: 'PUT' }), 404, 'Not found');
      } finally {
        await close();
      }
    });

    it('puts the success helpers on res and validate() on req, with validationStatus', async () => {
      const sk = statuskit({ logger: false, validationStatus: 422 });
      const app = make();
      app.use(sk.start);
      app.post(
        '/checked',
        wrap(async (req, res) => res.created('/checked/1', await req.validate(z.object({ n: z.number() })))),
      );
      app.get('/accepted', (_req, res) => res.accepted({ job: 1 }, { message: 'Queued' }));
      app.get('/teapot-free', (_req, res) => res.success(203, 'x', { headers: { 'x-a': 'b' } }));
      app.get('/moved', (_req, res) => res.redirectTo('/there', 308));
      app.get('/parts', (_req, res) => res.sendParts(ok('p')));
      app.get('/bad-helper', (_req, res) => res.success(404));
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        const post = (body: string) =>
          call(`${url}/checked`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const made = await post('{"n":1}');
        assert.equal(made.status, 201);
        assert.equal(made.headers.get('location'), '/checked/1');
        assert.deepEqual(made.json, { success: 'Created', data: { n: 1 } });
        const invalid = await post('{"n":"1"}');
        assertError(invalid, 422, 'Validation failed');
        assert.equal(invalid.json.details[0].path, 'n');
        assert.deepEqual((await call(`${url}/accepted`)).json, { success: 'Queued', data: { job: 1 } });
        const other = await call(`${url}/teapot-free`);
        assert.equal(other.status, 203);
        assert.equal(other.headers.get('x-a'), 'b');
        const moved = await call(`${url}/moved`);
        assert.equal(moved.status, 308);
        assert.equal(moved.headers.get('location'), '/there');
        assert.deepEqual(moved.json, { success: 'Permanent redirect' });
        assert.equal((await call(`${url}/parts`)).text, '{"success":"OK","data":"p"}');
        assertError(await call(`${url}/bad-helper`), 500, 'Internal server error');
      } finally {
        await close();
      }
    });

    it("answers express.json()'s errors, and never lets Express's final handler answer", async () => {
      const logger = recordingLogger();
      const sk = statuskit({ logger });
      const app = make();
      app.post('/raw', make.json({ limit: 10 }), (req, res) => res.ok(req.body));
      app.get('/next-error', (_req, _res, next) => next('a string, not an error'));
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        const post = (body: string) =>
          call(`${url}/raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        assertError(await post('{"a":'), 400, 'Malformed JSON body');
        assert.equal((await post(JSON.stringify({ long: 'x'.repeat(50) }))).status, 413);
        const odd = await call(`${url}/next-error`);
        assertError(odd, 500, 'Internal server error');
        assert.equal(logger.logged.length, 1);
        const html = await call(`${url}/missing`, { headers: { accept: 'text/html' } });
        assertError(html, 404, 'Not found');
      } finally {
        await close();
      }
    });

    it('leaves bodies unread for requests no route takes, and skips a body express.json() parsed', async () => {
      const sk = statuskit({ logger: false, bodyLimit: 5 });
      const app = make();
      app.use(make.json());
      app.use(sk.start);
      app.post('/big', (req, res) => res.ok(req.body));
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        const big = await call(`${url}/big`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"a":"long enough"}',
        });
        assert.deepEqual(big.json, { success: 'OK', data: { a: 'long enough' } });
        const raw404 = await raw(
          url,
          `${head('POST', '/elsewhere', { 'content-type': 'text/plain', 'content-length': 3 })}abc`,
        );
        assert.equal(raw404.status, 404);
      } finally {
        await close();
      }
    });
  });
}

describe('statuskit/express on Express 4: rejected promises without wrapAsync', () => {
  it('answers an async throw, a rejecting middleware and a later route with the envelope 500; the process stays up', async () => {
    const logger = recordingLogger();
    const sk = statuskit({ logger });
    const app = express4();
    app.use(sk.start);
    app.use('/mw', async () => {
      await Promise.resolve();
      throw new Error('secret-token-123 in middleware');
    });
    app.get('/async', async () => {
      await Promise.resolve();
      throw new Error('secret-token-123');
    });
    app.get('/empty', () => Promise.reject(undefined));
    app.get(
      '/wrapped',
      wrapAsync(async () => Promise.reject(new ForbiddenError('Wrapped'))),
    );
    const router = express4.Router();
    router.get('/deep', async () => Promise.reject(new ForbiddenError('Deep')));
    app.use('/nested', router);
    app.use(sk.end);
    const { url, close } = await serveOnFreePort(createServer(app), {});
    try {
      for (let round = 0; round < 2; round++) {
        const crashed = await call(`${url}/async`);
        assertError(crashed, 500, 'Internal server error');
        assert.doesNotMatch(crashed.text, /secret/);
      }
      assertError(await call(`${url}/mw`), 500, 'Internal server error');
      assertError(await call(`${url}/empty`), 500, 'Internal server error');
      assertError(await call(`${url}/wrapped`), 403, 'Wrapped');
      assertError(await call(`${url}/nested/deep`), 403, 'Deep');
      app.get('/added-later', async () => Promise.reject(new ForbiddenError('Later')));
      assertError(await call(`${url}/added-later`), 404, 'Not found'); // behind sk.end: never reached
      assert.equal(logger.logged.length, 4);
    } finally {
      await close();
    }
  });

  it('catches routes added after the first request when they come before sk.end', async () => {
    const sk = statuskit({ logger: false });
    const app = express4();
    app.use(sk.start);
    app.get('/first', (_req, res) => res.ok(1));
    const { url, close } = await serveOnFreePort(createServer(app), {});
    try {
      assert.equal((await call(`${url}/first`)).status, 200);
      app.get('/second', async () => Promise.reject(new ForbiddenError('Second')));
      app.use(sk.end);
      assertError(await call(`${url}/second`), 403, 'Second');
    } finally {
      await close();
    }
  });
});

for (const { name, make } of versions) {
  describe(`statuskit/express on ${name}: guards, etag, deadline`, () => {
    it('runs app-wide guards in sk.start (asynchronous ones too) and sk.guard() per route', async () => {
      const mode = maintenance({ exemptPaths: ['/api/*'] });
      const sk = statuskit({ logger: false, guards: [mode, asyncGuard] });
      const app = make();
      app.use(sk.start);
      const api = make.Router();
      api.get('/open', (_req, res) => res.ok('open'));
      api.get('/denied', (_req, res) => res.ok('never'));
      api.post('/limited', sk.guard(rateLimit({ limit: 1 })), (req, res) => res.created('/x', req.body));
      api.get('/async-limited', sk.guard(asyncGuard, rateLimit({ limit: 1 })), (_req, res) => res.ok(1));
      app.use('/api', api);
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        const open = await call(`${url}/api/open`);
        assert.equal(open.status, 200);
        assert.equal(open.headers.get('x-guard'), 'ran');
        assertError(await call(`${url}/api/denied`), 403, 'No entry');
        const post = () =>
          call(`${url}/api/limited`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"a":1}',
          });
        assert.deepEqual((await post()).json, { success: 'Created', data: { a: 1 } });
        const refused = await post();
        assertError(refused, 429, 'Too many requests');
        assert.ok(Number(refused.headers.get('retry-after')) >= 1);
        assert.equal((await call(`${url}/api/async-limited`)).status, 200);
        assertError(await call(`${url}/api/async-limited`), 429, 'Too many requests');
        mode.enable({ retryAfter: 7 });
        const down = await call(`${url}/elsewhere`);
        assertError(down, 503, 'Down for maintenance');
        assert.equal(down.headers.get('retry-after'), '7');
        assert.equal((await call(`${url}/api/open`)).status, 200);
      } finally {
        await close();
      }
    });

    it('shows sk.guard() in a mounted router the whole path, without the query', async () => {
      const mode = maintenance({ exemptPaths: ['/api/health'] });
      mode.enable();
      const sk = statuskit({ logger: false });
      const app = make();
      app.use(sk.start);
      const api = make.Router();
      api.get('/health', sk.guard(mode), (_req, res) => res.ok('up'));
      api.get('/notes', sk.guard(mode), (_req, res) => res.ok('never'));
      app.use('/api', api);
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        assert.deepEqual((await call(`${url}/api/health?probe=1`)).json, { success: 'OK', data: 'up' });
        assertError(await call(`${url}/api/notes?probe=1`), 503, 'Down for maintenance');
      } finally {
        await close();
      }
    });

    it('answers 304 from res.ok with etag on, and 412 from req.preconditions', async () => {
      const sk = statuskit({ logger: false, etag: 'strong' });
      const app = make();
      app.use(sk.start);
      app.get('/note', (_req, res) => res.ok({ n: 1 }));
      app.delete('/note', (req, res) => {
        req.preconditions(req.etagFor({ n: 1 }));
        res.noContent();
      });
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        const first = await call(`${url}/note`);
        const tag = first.headers.get('etag') ?? '';
        assert.match(tag, /^"/);
        const again = await raw(url, head('GET', '/note', { 'if-none-match': tag }));
        assert.equal(again.status, 304);
        assert.equal(again.headers.etag, tag);
        assertError(
          await call(`${url}/note`, { method: 'DELETE', headers: { 'if-match': '"x"' } }),
          412,
          'Precondition failed',
        );
        assert.equal(
          (await call(`${url}/note`, { method: 'DELETE', headers: { 'if-match': tag } })).status,
          204,
        );
      } finally {
        await close();
      }
    });

    it("discards a late res.json() from a timer after the deadline's 503; the process stays up", async () => {
      let lateSent: () => void = () => {};
      const sent = new Promise<void>((resolve) => (lateSent = resolve));
      const sk = statuskit({ logger: false, deadlineMs: 50 });
      const app = make();
      app.use(sk.start);
      app.get('/late', (_req, res) => {
        setTimeout(() => {
          res.status(200).json({ late: true });
          res.ok('again');
          lateSent();
        }, 200);
      });
      app.get('/fine', (_req, res) => res.ok('fine'));
      app.use(sk.end);
      const { url, close } = await serveOnFreePort(createServer(app), {});
      try {
        const answer = await call(`${url}/late`);
        assertError(answer, 503, 'Service unavailable');
        assert.equal(answer.headers.get('retry-after'), '1');
        await sent;
        assert.equal((await call(`${url}/fine`)).status, 200);
      } finally {
        await close();
      }
    });
  });
}
