import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, createConnection } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Hono } from 'hono';
import { ForbiddenError, NotFoundError, ok as okParts } from 'statuskit';
import { type Guard, type GuardRequest, maintenance, rateLimit } from 'statuskit/guards';
import {
  created,
  etagFor,
  guard,
  type HonoOptions,
  noContent,
  ok,
  preconditions,
  readJson,
  redirect,
  sendParts,
  statuskit,
  success,
} from 'statuskit/hono';
import { serve } from 'statuskit/hono/node';
import { z } from 'zod';
import { startApp } from '../fixtures/statuskit-hono.js';
import { assertError, describeContractRows } from './contract-rows.js';
import { call, head, raw, recordingLogger } from './http-client.js';

describeContractRows('statuskit/hono', startApp);

/** A Hono app with statuskit, then the routes `build` adds, served by statuskit's serve() on a free port. */
async function start(options: HonoOptions, build: (app: Hono) => void) {
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
  it('imports nothing but Hono: no node: built-ins, so it loads on every Hono runtime', async () => {
    const entry = fileURLToPath(new URL('../../src/adapters/hono.ts', import.meta.url));
    const bundled = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      external: ['hono', 'hono/*'],
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(bundled.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    assert.deepEqual(imports, []);
  });

  it('refuses its helpers on an app statuskit(app) was not installed on, as Express does', async () => {
    const app = new Hono();
    app.get('/x', (c) => ok(c, 'x'));
    const logged: unknown[] = [];
    app.onError((error, c) => {
      logged.push(error);
      return c.text('', 500);
    });
    await app.request('/x');
    assert.equal((logged[0] as { code?: string }).code, 'ERR_STATUSKIT_NOT_STARTED');
  });

  it('logs nothing when a client goes away mid-body, and keeps answering', async () => {
    const logger = recordingLogger();
    const { url, close } = await start({ logger }, (app) => {
      app.post('/in', async (c) => ok(c, await readJson(c)));
    });
    try {
      const { hostname, port } = new URL(url);
      const socket = createConnection(Number(port), hostname);
      await once(socket, 'connect');
      socket.write(
        'POST /in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.resetAndDestroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await call(`${url}/in`, json('{"a":1}'))).status, 200);
      assert.deepEqual(logger.logged, []);
    } finally {
      await close();
    }
  });

  it('judges the first of two Content-Type fields, as Node does for the other adapters', async () => {
    const { url, close } = await start({ logger: false }, (app) => {
      app.post('/in', async (c) => created(c, '/in/1', await readJson(c)));
    });
    try {
      const answer = await raw(
        url,
        'POST /in HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\n{"a":1}',
      );
      assert.equal(answer.status, 201, answer.raw);
    } finally {
      await close();
    }
  });

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

  it('reads bodies before the handler without a server too (app.request, Web headers)', async () => {
    const app = statuskit(new Hono(), { logger: false, bodyLimit: 16 });
    app.post('/echo', async (c) => ok(c, { parsed: await readJson(c), own: await c.req.json() }));
    app.delete('/quiet', (c) => noContent(c));
    const post = (body: string, type = 'application/json') =>
      app.request('/echo', { method: 'POST', headers: { 'content-type': type }, body });
    const echoed = await post('{"a":1}');
    assert.equal(echoed.status, 200);
    assert.deepEqual(await echoed.json(), { success: 'OK', data: { parsed: { a: 1 }, own: { a: 1 } } });
    assert.equal((await post('{"a":')).status, 400);
    assert.equal((await post('{"a":"0123456789abcdef"}')).status, 413);
    const ignored = await app.request('/quiet', {
      method: 'DELETE',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    assert.equal(ignored.status, 415, 'read before a handler that ignores it');
    assert.equal((await app.request('/nowhere', { method: 'POST', body: 'x' })).status, 404);
    const bad = await app.request('/%zz');
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'Malformed URL encoding' });
  });

  it('covers an app derived with basePath() after statuskit(app), served on its own', async () => {
    const app = statuskit(new Hono(), { logger: false, bodyLimit: 8 });
    const v1 = app.basePath('/v1');
    v1.post('/echo', async (c) => ok(c, await readJson(c)));
    const post = (body: string) =>
      v1.request('/v1/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.deepEqual(await (await post('[1]')).json(), { success: 'OK', data: [1] });
    assert.equal((await post('[1,2,3,4,5]')).status, 413);
    assert.equal((await v1.request('/v1/%zz')).status, 400);
    assert.equal((await v1.request('/v1/echo')).status, 405);
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

/** A guard that answers through a Promise: 403 on /denied, a header everywhere else. */
const asyncGuard: Guard = {
  name: 'async',
  check: async (request) =>
    request.path === '/denied'
      ? { headers: { 'x-guard': 'ran' }, error: new ForbiddenError('No entry') }
      : { headers: { 'x-guard': 'ran' } },
};

/** A guard that remembers what it was shown. */
function recordingGuard() {
  const seen: GuardRequest[] = [];
  const spy: Guard = {
    name: 'spy',
    check: (request) => {
      seen.push(request);
      return undefined;
    },
  };
  return { seen, spy };
}

describe('statuskit/hono: guards, etag, preconditions, deadline', () => {
  it('runs app-wide guards before routing and before the body (asynchronous ones too), and guard() per route', async () => {
    const mode = maintenance({ exemptPaths: ['/open', '/limited', '/denied', '/both'] });
    const { url, close } = await start({ logger: false, guards: [mode, asyncGuard] }, (app) => {
      app.get('/open', (c) => ok(c, 'open'));
      app.get('/denied', (c) => ok(c, 'never'));
      app.post('/limited', guard(rateLimit({ limit: 1 })), async (c) => created(c, '/x', await readJson(c)));
      app.get('/both', guard(asyncGuard, rateLimit({ limit: 1 })), (c) => ok(c, 1));
      app.get('/unguarded', guard(), (c) => ok(c, 'free'));
    });
    try {
      const open = await call(`${url}/open`);
      assert.equal(open.status, 200);
      assert.equal(open.headers.get('x-guard'), 'ran');
      const denied = await call(`${url}/denied`);
      assertError(denied, 403, 'No entry');
      assert.equal(denied.headers.get('x-guard'), 'ran');
      const post = () => call(`${url}/limited`, json('[1]'));
      assert.deepEqual((await post()).json, { success: 'Created', data: [1] });
      const refused = await post();
      assertError(refused, 429, 'Too many requests');
      assert.match(refused.headers.get('ratelimit') ?? '', /r=0/);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal((await call(`${url}/both`)).status, 200);
      assertError(await call(`${url}/both`), 429, 'Too many requests');
      mode.enable({ retryAfter: 9 });
      assertError(await call(`${url}/unguarded`), 503, 'Down for maintenance');
      const down = await call(`${url}/nowhere`, { method: 'DELETE' });
      assertError(down, 503, 'Down for maintenance');
      assert.equal(down.headers.get('retry-after'), '9');
      assert.equal(down.headers.get('allow'), null);
    } finally {
      await close();
    }
  });

  it('shows guards the socket address on Node, or what the ip option says (any runtime, app.request)', async () => {
    const onNode = recordingGuard();
    const { url, close } = await start({ logger: false, guards: [onNode.spy] }, (app) => {
      app.get('/x', (c) => ok(c, 1));
    });
    try {
      assert.equal((await call(`${url}/x?q=1`, { headers: { 'x-a': '1' } })).status, 200);
      const [seen] = onNode.seen;
      assert.equal(seen?.ip, '127.0.0.1');
      assert.equal(seen?.method, 'GET');
      assert.equal(seen?.path, '/x');
      assert.equal(seen?.header('x-a'), '1');
      assert.equal(seen?.header('x-none'), undefined);
    } finally {
      await close();
    }
    const elsewhere = recordingGuard();
    const app = statuskit(new Hono(), {
      logger: false,
      guards: [elsewhere.spy],
      ip: (c) => c.req.header('cf-connecting-ip'),
    });
    const limited = guard(rateLimit({ limit: 1 }));
    app.get('/y', limited, (c) => ok(c, 2));
    const from = (ip: string) => app.request('/y', { headers: { 'cf-connecting-ip': ip } });
    assert.equal((await from('203.0.113.1')).status, 200);
    assert.equal((await from('203.0.113.1')).status, 429);
    assert.equal((await from('203.0.113.2')).status, 200, 'one bucket per client address');
    assert.equal(elsewhere.seen[0]?.ip, '203.0.113.1');
    assert.throws(() => statuskit(new Hono(), { ip: 'x' as never }), {
      code: 'ERR_STATUSKIT_INVALID_OPTION',
    });
  });

  it('answers a guard header with CR/LF with a 500 and writes none of it', async () => {
    const bad: Guard = { name: 'bad', check: () => ({ headers: { 'x-bad': 'a\r\nset-cookie: x=1' } }) };
    const { url, close } = await start({ logger: false, guards: [bad] }, (app) => {
      app.get('/x', (c) => ok(c, 1));
    });
    try {
      const answer = await call(`${url}/x`);
      assertError(answer, 500, 'Internal server error');
      assert.equal(answer.headers.get('set-cookie'), null);
      assert.equal(answer.headers.get('x-bad'), null);
    } finally {
      await close();
    }
  });

  it('answers 304 from ok() with etag on (weak), keeps a handler’s own ETag, and 412 from preconditions()', async () => {
    const { url, close } = await start({ logger: false, etag: 'weak' }, (app) => {
      app.get('/note', (c) => ok(c, { n: 1 }));
      app.patch('/note', (c) => {
        preconditions(c, etagFor(c, { n: 1 }));
        return ok(c, { n: 2 });
      });
      app.get('/own', (c) => ok(c, 1, { headers: { etag: '"v1"' } }));
      app.get('/set', (c) => {
        c.header('etag', '"v2"');
        return ok(c, 2);
      });
      app.get('/parts', (c) => sendParts(c, okParts(3)));
    });
    try {
      const first = await call(`${url}/note`);
      const tag = first.headers.get('etag') ?? '';
      assert.match(tag, /^W\/"/);
      const again = await raw(url, head('GET', '/note', { 'if-none-match': tag }));
      assert.equal(again.status, 304);
      assert.equal(again.headers.etag, tag);
      assert.equal(again.headers['content-length'], undefined);
      assert.equal(again.body, '');
      const headAgain = await raw(url, head('HEAD', '/note', { 'if-none-match': tag }));
      assert.equal(headAgain.status, 304);
      assertError(await call(`${url}/note`, { headers: { 'if-match': '"x"' } }), 412, 'Precondition failed');
      const patch = (headers: Record<string, string>) => call(`${url}/note`, { method: 'PATCH', headers });
      assertError(await patch({ 'if-match': tag }), 412, 'Precondition failed'); // weak never matches If-Match
      assert.equal((await patch({})).status, 200);
      const own = await raw(url, head('GET', '/own', { 'if-none-match': '"v1"' }));
      assert.equal(own.status, 304);
      assert.equal(own.headers.etag, '"v1"');
      const set = await raw(url, head('GET', '/set', { 'if-none-match': '"v2"' }));
      assert.equal(set.status, 304);
      assert.equal(set.headers.etag, '"v2"');
      assert.match((await call(`${url}/parts`)).headers.get('etag') ?? '', /^W\/"/);
    } finally {
      await close();
    }
    const plain = await start({ logger: false }, (app) => {
      app.get('/note', (c) => ok(c, { n: 1 }));
    });
    try {
      const untagged = await call(`${plain.url}/note`, { headers: { 'if-none-match': '*' } });
      assert.equal(untagged.status, 200);
      assert.equal(untagged.headers.get('etag'), null);
    } finally {
      await plain.close();
    }
  });

  it("discards a late answer and a late throw after the deadline's 503; the process stays up", async () => {
    const logger = recordingLogger();
    let lateSent: () => void = () => {};
    const sent = new Promise<void>((resolve) => (lateSent = resolve));
    const { url, close } = await start({ logger, deadlineMs: 50 }, (app) => {
      app.get('/late', async (c) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        c.header('x-late', '1');
        lateSent();
        return c.json({ late: true });
      });
      app.get('/late-throw', async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw new Error('secret-token-123 after the deadline');
      });
      app.get('/fine', (c) => ok(c, 'fine'));
    });
    try {
      const answer = await call(`${url}/late`);
      assertError(answer, 503, 'Service unavailable');
      assert.equal(answer.headers.get('retry-after'), '1');
      assert.equal(answer.headers.get('x-late'), null);
      await sent;
      const thrown = await call(`${url}/late-throw`);
      assertError(thrown, 503, 'Service unavailable');
      await new Promise((resolve) => setTimeout(resolve, 250));
      const late = logger.logged.filter((e) => /secret-token-123/.test((e as Error).message));
      assert.equal(late.length, 1, 'the late 500 is logged, not sent');
      assert.ok(!thrown.text.includes('secret'));
      assert.equal((await call(`${url}/fine`)).status, 200);
    } finally {
      await close();
    }
  });

  it('refuses bad options and a route guard that is not one', () => {
    const invalid = { code: 'ERR_STATUSKIT_INVALID_OPTION' };
    assert.throws(() => statuskit(new Hono(), { etag: 'yes' as never }), invalid);
    assert.throws(() => statuskit(new Hono(), { deadlineMs: -1 }), invalid);
    assert.throws(() => statuskit(new Hono(), { guards: [{} as never] }), invalid);
    assert.throws(() => guard({} as never), invalid);
  });
});

/** Type-level checks, compiled by tsc and never run. */
export function typeChecks(app: Hono) {
  app.put('/guarded/:id', guard(rateLimit({ limit: 1 })), (c) => {
    const id: string = c.req.param('id');
    preconditions(c, etagFor(c, { id }));
    // @ts-expect-error etagFor takes the context and the data
    etagFor({ id });
    return ok(c, { id });
  });
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
