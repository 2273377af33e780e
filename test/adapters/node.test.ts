import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { ForbiddenError, ok } from 'statuskit';
import { type Guard, maintenance, rateLimit } from 'statuskit/guards';
import { configureServer, createApp } from 'statuskit/node';
import { z } from 'zod';
import { serveOnFreePort } from '../fixtures/serve-on-free-port.js';
import { createFixtureApp, startApp } from '../fixtures/statuskit-node.js';
import { assertError, describeContractRows } from './contract-rows.js';
import { call, head, raw, recordingLogger } from './http-client.js';

describeContractRows('statuskit/node', startApp);

describe('statuskit/node: createApp', () => {
  it('matches paths exactly: a trailing slash is another path', async () => {
    const { url, close } = await startApp();
    try {
      assert.equal((await call(`${url}/items/`)).status, 404);
    } finally {
      await close();
    }
  });

  it('logs a 5xx once with its stack, and logs an error after headers', async () => {
    const logger = recordingLogger();
    const { url, close } = await startApp({ logger, bodyLimit: 1024 });
    try {
      await call(`${url}/crash`);
      assert.equal(logger.logged.length, 1);
      assert.match(String((logger.logged[0] as Error).stack), /secret-token-123/);
      await raw(url, head('GET', '/late-error'));
      assert.equal(logger.logged.length, 2);
      await call(`${url}/items/9`);
      assert.equal(logger.logged.length, 2, '4xx are not logged');
    } finally {
      await close();
    }
  });

  it('gives handlers typed params, the query, validate() with validationStatus, and send()', async () => {
    const app = createApp({ logger: false, validationStatus: 422 });
    app.get('/tags/:tag/notes/:id', (_req, _res, ctx) => {
      const both: string = `${ctx.params.tag}:${ctx.params.id}`;
      ctx.ok({ both, page: ctx.query.get('page') });
    });
    app.post('/checked', async (_req, _res, ctx) => ctx.ok(await ctx.validate(z.object({ n: z.number() }))));
    app.get('/sent', (_req, _res, ctx) => ctx.send(ok(1, { message: 'Fine', headers: { 'x-a': 'b' } })));
    app.route('OPTIONS', '/sent', (_req, res) => void res.writeHead(200).end());
    const { url, close } = await serveOnFreePort(createServer(app.handler), {});
    try {
      assert.deepEqual((await call(`${url}/tags/a%2Fb/notes/7?page=2`)).json.data, {
        both: 'a/b:7',
        page: '2',
      });
      const post = (body: string) =>
        call(`${url}/checked`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.deepEqual((await post('{"n":1}')).json.data, { n: 1 });
      assert.equal((await post('{"n":"1"}')).status, 422);
      const sent = await call(`${url}/sent`);
      assert.equal(sent.text, '{"success":"Fine","data":1}');
      assert.equal(sent.headers.get('x-a'), 'b');
      assert.equal((await call(`${url}/sent`, { method: 'OPTIONS' })).status, 200, 'an OPTIONS handler wins');
    } finally {
      await close();
    }
  });

  it('listen() starts a configured server', async () => {
    const app = createFixtureApp();
    const server = await app.listen(0, '127.0.0.1');
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    const url = `http://127.0.0.1:${address.port}`;
    try {
      assert.equal((await call(`${url}/items`)).status, 200);
      assert.equal(JSON.parse((await raw(url, 'GET /items HTTP/1.1 x\r\n\r\n')).body).error, 'Bad request');
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('answers 408 in the envelope when a request times out', async () => {
    const server = createServer(
      { requestTimeout: 300, headersTimeout: 300, connectionsCheckingInterval: 50 },
      createFixtureApp().handler,
    );
    const { url, close } = await serveOnFreePort(configureServer(server, { logger: false }), {});
    try {
      const slow = await raw(url, 'GET /items HTTP/1.1\r\nhost: 127.0.0.1\r\n');
      assert.equal(slow.status, 408);
      assert.equal(JSON.parse(slow.body).error, 'Request timeout');
    } finally {
      await close();
    }
  });
});

/** A guard that answers through a Promise: 403 on /denied, a header everywhere else. */
const asyncGuard: Guard = {
  name: 'async',
  check: async (request) =>
    request.path === '/denied'
      ? { headers: { 'x-guard': 'ran' }, error: new ForbiddenError('No entry') }
      : { headers: { 'x-guard': 'ran' } },
};

describe('statuskit/node: guards, etag, preconditions, deadline', () => {
  it('runs app-wide guards before routing, asynchronous ones too, and route guards after', async () => {
    const mode = maintenance({ exemptPaths: ['/open'] });
    const app = createApp({ logger: false, guards: [mode, asyncGuard] });
    app.get('/open', (_req, _res, ctx) => ctx.ok('open'));
    app.get('/denied', (_req, _res, ctx) => ctx.ok('never'));
    app.post('/limited', app.guard(rateLimit({ limit: 1 })), (_req, _res, ctx) => ctx.created('/limited/1'));
    const { url, close } = await serveOnFreePort(createServer(app.handler), {});
    try {
      const open = await call(`${url}/open`);
      assert.equal(open.status, 200);
      assert.equal(open.headers.get('x-guard'), 'ran');
      const denied = await call(`${url}/denied`);
      assertError(denied, 403, 'No entry');
      assert.equal(denied.headers.get('x-guard'), 'ran');
      assertError(await call(`${url}/nowhere`), 404, 'Not found');
      const post = () =>
        call(`${url}/limited`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      assert.equal((await post()).status, 201);
      const refused = await post();
      assertError(refused, 429, 'Too many requests');
      assert.match(refused.headers.get('ratelimit') ?? '', /r=0/);
      mode.enable({ retryAfter: 5, message: 'Later' });
      const down = await call(`${url}/nowhere`);
      assertError(down, 503, 'Later');
      assert.equal(down.headers.get('retry-after'), '5');
      assert.equal((await call(`${url}/open`)).status, 200, 'an exempt path is still served');
    } finally {
      await close();
    }
  });

  it('answers a guard header Node refuses (CR/LF) with a 500 and writes none of it', async () => {
    const bad: Guard = { name: 'bad', check: () => ({ headers: { 'x-bad': 'a\r\nset-cookie: x=1' } }) };
    const app = createApp({ logger: false, guards: [bad] });
    app.get('/x', (_req, _res, ctx) => ctx.ok(1));
    const { url, close } = await serveOnFreePort(createServer(app.handler), {});
    try {
      const answer = await call(`${url}/x`);
      assertError(answer, 500, 'Internal server error');
      assert.equal(answer.headers.get('set-cookie'), null);
      assert.equal(answer.headers.get('x-bad'), null);
    } finally {
      await close();
    }
  });

  it('sends no ETag and ignores If-None-Match unless etag is on; a handler’s own ETag is used', async () => {
    const { url, close } = await startApp();
    try {
      const plain = await call(`${url}/tagged`, { headers: { 'if-none-match': '*' } });
      assert.equal(plain.status, 200);
      assert.equal(plain.headers.get('etag'), null);
    } finally {
      await close();
    }
    const app = createApp({ logger: false, etag: 'weak' });
    app.get('/own', (_req, _res, ctx) => ctx.ok(1, { headers: { etag: '"v1"' } }));
    app.get('/set', (_req, res, ctx) => {
      res.setHeader('etag', '"v2"');
      ctx.ok(2);
    });
    app.get('/weak', (_req, _res, ctx) => ctx.ok(3));
    const served = await serveOnFreePort(createServer(app.handler), {});
    try {
      const own = await raw(served.url, head('GET', '/own', { 'if-none-match': '"v1"' }));
      assert.equal(own.status, 304);
      assert.equal(own.headers.etag, '"v1"');
      assert.equal(own.body, '');
      assert.equal((await raw(served.url, head('GET', '/set', { 'if-none-match': '"v2"' }))).status, 304);
      assert.match((await call(`${served.url}/weak`)).headers.get('etag') ?? '', /^W\/"/);
    } finally {
      await served.close();
    }
  });

  it('refuses bad options and a route guard that is not one', () => {
    const invalid = (e: unknown) => (e as { code?: string }).code === 'ERR_STATUSKIT_INVALID_OPTION';
    assert.throws(() => createApp({ etag: 'yes' as never }), invalid);
    assert.throws(() => createApp({ deadlineMs: -1 }), invalid);
    assert.throws(() => createApp({ guards: [{} as never] }), invalid);
    const app = createApp();
    assert.throws(() => app.guard({} as never), invalid);
    assert.throws(
      () => app.get('/x', rateLimit({ limit: 1 }) as never, () => {}),
      (e: unknown) => (e as { code?: string }).code === 'ERR_STATUSKIT_INVALID_ROUTE',
    );
  });

  it('discards a raw late write after the deadline 503 and keeps serving', async () => {
    let lateWritten: () => void = () => {};
    const written = new Promise<void>((resolve) => (lateWritten = resolve));
    const app = createApp({ logger: false, deadlineMs: 50 });
    app.get('/late', (_req, res) => {
      setTimeout(() => {
        res.setHeader('x-late', '1');
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('late ');
        res.end('answer', () => lateWritten());
      }, 200);
    });
    app.get('/fine', (_req, _res, ctx) => ctx.ok('fine'));
    const { url, close } = await serveOnFreePort(createServer(app.handler), {});
    try {
      const answer = await raw(url, head('GET', '/late'));
      assert.equal(answer.status, 503);
      assert.equal(answer.headers['retry-after'], '1');
      assert.equal(JSON.parse(answer.body).error, 'Service unavailable');
      await written;
      assert.equal((await call(`${url}/fine`)).status, 200);
    } finally {
      await close();
    }
  });
});
