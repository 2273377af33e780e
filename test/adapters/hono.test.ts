import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { NotFoundError, ok as okParts, type StatuskitOptions } from 'statuskit';
import { created, noContent, ok, readJson, redirect, sendParts, statuskit, success } from 'statuskit/hono';
import { serve } from 'statuskit/hono/node';
import { z } from 'zod';
import { startApp } from '../fixtures/statuskit-hono.js';
import { assertError, describeContractRows } from './contract-rows.js';
import { call, head, raw, recordingLogger } from './http-client.js';

describeContractRows('statuskit/hono', startApp);

/** A Hono app with statuskit, then the routes `build` adds, served by statuskit's serve() on a free port. */
async function start(options: StatuskitOptions, build: (app: Hono) => void) {
  const app = statuskit(new Hono(), options);
  build(app);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

const json = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('statuskit/hono', () => {
  it('refuses to be installed after routes, whose requests its middleware would miss', () => {
    const app = new Hono();
    app.get('/x', (c) => c.text('x'));
    assert.throws(() => statuskit(app), { code: 'ERR_STATUSKIT_ROUTES_FIRST' });
  });

  it("answers 404, 405 and OPTIONS from Hono's own routes without a server (app.request)", async () => {
    const app = statuskit(new Hono().basePath('/v1'), { logger: false });
    const files = new Hono();
    files.get('/:name{.+\\.png}', (c) => ok(c, c.req.param('name')));
    files.delete('/:name{.+\\.png}', (c) => ok(c, 'gone'));
    app.route('/files', files);
    app.put('/all/*', (c) => ok(c, 'put'));
    app.get('/x', (c) => ok(c, 'x'));
    app.options('/x', (c) => success(c, 200, 'mine'));

    const wrong = await app.request('/v1/files/a/b.png', { method: 'POST' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, HEAD, DELETE, OPTIONS');
    assert.equal((await wrong.json()).error, 'Method not allowed');
    assert.equal((await app.request('/v1/files/a.gif', { method: 'POST' })).status, 404);
    const options = await app.request('/v1/all/deep/path', { method: 'OPTIONS' });
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'PUT, OPTIONS');
    assert.equal((await (await app.request('/v1/x', { method: 'OPTIONS' })).json()).data, 'mine');
    assert.equal((await app.request('/x')).status, 404);
  });

  it('reads JSON bodies before the handler, with readJson(c, schema), validationStatus, and c.req.json() still works', async () => {
    const { url, close } = await start({ logger: false, validationStatus: 422 }, (app) => {
      app.post('/checked', async (c) => {
        const input = await readJson(c, z.object({ n: z.number() }));
        return created(c, '/checked/1', { input, again: await readJson(c) });
      });
      app.delete('/checked/:id', (c) => noContent(c));
      app.put('/own-reader', async (c) => ok(c, { json: await c.req.json(), text: await c.req.text() }));
    });
    try {
      const made = await call(`${url}/checked`, json('{"n":1}'));
      assert.equal(made.status, 201);
      assert.equal(made.headers.get('location'), '/checked/1');
      assert.deepEqual(made.json, { success: 'Created', data: { input: { n: 1 }, again: { n: 1 } } });
      const invalid = await call(`${url}/checked`, json('{"n":"1"}'));
      assertError(invalid, 422, 'Validation failed');
      assert.equal(invalid.json.details[0].path, 'n');
      assertError(await call(`${url}/checked`, json('')), 422, 'Validation failed');
      const plain = { method: 'DELETE', headers: { 'content-type': 'text/plain' }, body: 'x' };
      assert.equal(
        (await call(`${url}/checked/1`, plain)).status,
        415,
        'read before a handler that ignores it',
      );
      assert.equal((await call(`${url}/checked/1`, { method: 'DELETE' })).status, 204);
      const own = await call(`${url}/own-reader`, { ...json('{"a":1}'), method: 'PUT' });
      assert.deepEqual(own.json, { success: 'OK', data: { json: { a: 1 }, text: '{"a":1}' } });
    } finally {
      await close();
    }
  });

  it('keeps headers set with c.header(), and a Cache-Control the handler set on an error', async () => {
    const { url, close } = await start({ logger: false }, (app) => {
      app.get('/tagged', (c) => {
        c.header('etag', '"v1"');
        return ok(c, 1);
      });
      app.get('/cached-error', (c) => {
        c.header('cache-control', 'max-age=60');
        throw new NotFoundError();
      });
      app.get('/typed-empty', (c) => {
        c.header('content-type', 'text/html');
        return success(c, 304, undefined, { headers: { etag: '"v1"' } });
      });
      app.get('/moved', (c) => redirect(c, '/there', 303));
      app.get('/reset', (c) => success(c, 205));
      app.get('/parts', (c) => sendParts(c, okParts('ü')));
    });
    try {
      assert.equal((await call(`${url}/tagged`)).headers.get('etag'), '"v1"');
      const cached = await call(`${url}/cached-error`);
      assert.equal(cached.status, 404);
      assert.deepEqual(cached.json, { error: 'Not found' });
      assert.equal(cached.headers.get('cache-control'), 'max-age=60');
      const empty = await raw(url, head('GET', '/typed-empty'));
      assert.equal(empty.status, 304);
      assert.equal(empty.headers.etag, '"v1"');
      assert.equal(empty.headers['content-type'], undefined);
      const reset = await raw(url, head('GET', '/reset'));
      assert.equal(reset.status, 205);
      assert.equal(reset.headers['content-length'], '0');
      assert.equal(reset.body, '');
      const moved = await call(`${url}/moved`);
      assert.equal(moved.status, 303);
      assert.deepEqual(moved.json, { success: 'See other' });
      const parts = await raw(url, head('HEAD', '/parts'));
      assert.equal(parts.headers['content-length'], String(Buffer.byteLength('{"success":"OK","data":"ü"}')));
      assert.equal(parts.body, '');
    } finally {
      await close();
    }
  });

  it('serve(): a thrown non-Error and a request node-server cannot build are answered in the envelope', async () => {
    const logger = recordingLogger();
    const { url, close } = await start({ logger }, (app) => {
      app.get('/string', () => {
        throw 'secret-token-123';
      });
    });
    try {
      const thrown = await call(`${url}/string`);
      assertError(thrown, 500, 'Internal server error');
      assert.ok(!thrown.text.includes('secret'));
      assert.equal(logger.logged.length, 1);
      const badHost = await raw(url, 'GET /x HTTP/1.1\r\nhost: a b\r\nconnection: close\r\n\r\n');
      assert.equal(badHost.status, 400);
      assert.equal(badHost.body, '{"error":"Bad request"}');
    } finally {
      await close();
    }
  });
});

/** Type-level checks, compiled by tsc and never run. */
export function typeChecks(app: Hono) {
  app.post('/typed', async (c) => {
    const input = await readJson(c, z.object({ n: z.number() }));
    const n: number = input.n;
    // @ts-expect-error readJson with a schema returns the schema's output type
    const wrong: string = input.n;
    // @ts-expect-error created() needs the Location
    created(c);
    return ok(c, { n, wrong });
  });
}
