/**
 * Hostile and unusual input against every adapter's fixture app, each row once for all of them:
 * thrown values whose answer once differed between adapters, crashed a process or leaked a message;
 * header values from user data; poisoned and mislabelled JSON bodies; non-ASCII locations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { maintenance, rateLimit } from 'statuskit/guards';
import { HEALTH } from '../fixtures/guard-routes.js';
import { HOSTILE_KINDS } from '../fixtures/hostile-routes.js';
import { FIXTURE_OPTIONS } from '../fixtures/serve-on-free-port.js';
import {
  FIXTURE_APPS,
  fixtureMissing,
  fixturePath,
  type RunningApp,
  startFixture,
} from '../scenarios/apps.js';
import { type RawAnswer, raw } from './http-client.js';

const SECRET = 'secret-token-123';

/** One request on its own connection, read as Latin-1 bytes, as a client sees them on the wire. */
function send(
  app: RunningApp,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<RawAnswer> {
  const { host } = new URL(app.url);
  const bytes = body === undefined ? undefined : Buffer.from(body);
  let head = `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (bytes) head += `Content-Length: ${bytes.length}\r\n`;
  return raw(app.url, Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), bytes ?? Buffer.alloc(0)]));
}

function json(answer: RawAnswer): any {
  return JSON.parse(Buffer.from(answer.body, 'latin1').toString('utf8'));
}

function assertEnvelope(answer: RawAnswer, status: number, error?: string): void {
  assert.equal(answer.status, status, answer.raw.slice(0, 300));
  assert.match(answer.headers['content-type'] ?? '', /^application\/json; ?charset=utf-8$/i);
  const body = json(answer);
  assert.equal(Object.keys(body)[0], 'error');
  if (error !== undefined) assert.equal(body.error, error);
  assert.ok(!answer.raw.includes(SECRET), 'no internal message on the wire');
  assert.ok(!/\/srv\//.test(answer.raw), 'no path on the wire');
}

for (const fixture of FIXTURE_APPS) {
  describe(`hostile input: ${fixture.label}`, { skip: fixtureMissing(fixture) ?? false }, () => {
    let app: RunningApp;
    before(async () => {
      app = await startFixture(fixture);
    });
    after(() => app.close());

    it('a header from a path parameter outside Latin-1 is dropped from the 404, and the process answers on', async () => {
      const tokyo = await send(app, 'GET', '/users/%E6%9D%B1%E4%BA%AC');
      assertEnvelope(tokyo, 404, 'No such user');
      assert.equal(tokyo.headers['x-missing-user'], undefined);
      const bob = await send(app, 'GET', '/users/bob');
      assertEnvelope(bob, 404, 'No such user');
      assert.equal(bob.headers['x-missing-user'], 'bob');
      assert.equal((await send(app, 'GET', '/items')).status, 200);
    });

    for (const [kind, expected] of Object.entries(HOSTILE_KINDS)) {
      // Deliberate: Express's router takes a thrown null (or undefined) for next() without an
      // error, so the request goes on, and no route answering it is statuskit's 404.
      const status = kind === 'null' && fixture.label.startsWith('Express') ? 404 : expected;
      it(`a thrown ${kind} is a ${status} in the envelope`, async () => {
        const answer = await send(app, 'GET', `/throw/${kind}`);
        assertEnvelope(answer, status, status === 500 ? 'Internal server error' : undefined);
        assert.ok(!/[^\x20-\x7e]/.test(answer.raw.split('\r\n')[0]!), 'an ASCII status line');
        assert.equal(answer.raw.split('\r\n')[0]!.split(' ')[1], String(status));
      });
    }

    it('headers of thrown errors: unsafe ones dropped, the rest kept, Hono’s HTTPException headers kept', async () => {
      for (const kind of ['bad-header-name', 'unicode-header', 'foreign-bad-header']) {
        const answer = await send(app, 'GET', `/throw/${kind}`);
        assert.equal(answer.headers['x-kept'], 'yes', kind);
        assert.equal(answer.headers['x-place'], undefined, kind);
        assert.ok(!/set-cookie/i.test(answer.raw), kind);
      }
      // Node itself sends a Latin-1 header value as Latin-1 or as UTF-8 bytes, depending on whether
      // the head goes out alone: only its presence is the adapters' to keep.
      const latin1 = await send(app, 'GET', '/throw/latin1-header');
      assert.match(latin1.headers['x-place'] ?? '', /^caf/);
      const foreign = await send(app, 'GET', '/throw/foreign-bad-header');
      assert.equal(foreign.headers['www-authenticate'], 'Bearer', '401 keeps a challenge: the default');
      const hono = await send(app, 'GET', '/throw/hono-exception-headers');
      assert.equal(hono.headers['www-authenticate'], 'Bearer realm="api"');
      assert.equal(json(hono).error, 'Token missing');
      assert.equal(json(await send(app, 'GET', '/throw/unicode-message')).error, '東京 is taken');
    });

    it('a JSON body with __proto__ or constructor.prototype is a 400, a clean one is merged', async () => {
      const type = { 'content-type': 'application/json' };
      const proto = await send(app, 'POST', '/echo', type, '{"name":"eve","__proto__":{"isAdmin":true}}');
      assertEnvelope(proto, 400);
      const ctor = await send(app, 'POST', '/echo', type, '{"a":{"constructor":{"prototype":{"x":1}}}}');
      assertEnvelope(ctor, 400);
      const clean = await send(app, 'POST', '/echo', type, '{"name":"eve","note":"__proto__ in text"}');
      assert.equal(clean.status, 200);
      assert.deepEqual(json(clean).data, { role: 'user', name: 'eve', note: '__proto__ in text' });
    });

    it('a created() Location outside ASCII is percent-encoded as UTF-8', async () => {
      const answer = await send(
        app,
        'POST',
        '/places/%E6%9D%B1%E4%BA%AC',
        { 'content-type': 'application/json' },
        '{}',
      );
      assert.equal(answer.status, 201, answer.raw.slice(0, 300));
      assert.equal(answer.headers.location, '/places/%E6%9D%B1%E4%BA%AC');
      assert.deepEqual(json(answer).data, { name: '東京' });
    });

    it('a JSON body in another charset or content coding is a 415, never silently changed', async () => {
      const latin1 = await send(
        app,
        'POST',
        '/items',
        { 'content-type': 'application/json; charset=iso-8859-1' },
        Buffer.from('{"name":"caf\u00e9"}', 'latin1'),
      );
      assertEnvelope(latin1, 415);
      const gzipped = await send(
        app,
        'POST',
        '/items',
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        '{"name":"x"}',
      );
      assertEnvelope(gzipped, 415);
      const utf8 = await send(
        app,
        'POST',
        '/items',
        { 'content-type': 'application/json; charset=UTF-8' },
        '{"a":"é"}',
      );
      assert.equal(utf8.status, 201);
      assert.deepEqual(json(utf8).data, { a: 'é' });
    });
  });
}

/** Hono's Web `Request` URL has its dot segments removed before routing: its router and guards both see the result. */
const NORMALISES_DOT_SEGMENTS = new Set(['Hono']);

for (const fixture of FIXTURE_APPS) {
  describe(`guards see the path the router dispatches: ${fixture.label}`, {
    skip: fixtureMissing(fixture) ?? false,
  }, () => {
    async function startWith(options: Record<string, unknown>): Promise<RunningApp> {
      const mod = (await import(pathToFileURL(fixturePath(fixture)).href)) as {
        startApp(options: unknown): Promise<RunningApp>;
      };
      return mod.startApp({ ...FIXTURE_OPTIONS, ...options });
    }

    it('maintenance with an exempt /health is not bypassed by an absolute-form target with encoded dot segments', async () => {
      const app = await startWith({ guards: [maintenance({ enabled: true, exemptPaths: ['/health'] })] });
      try {
        const answer = await send(app, 'GET', 'http://h/items/%2e%2e/health');
        if (NORMALISES_DOT_SEGMENTS.has(fixture.label)) {
          assert.equal(answer.status, 200);
          assert.deepEqual(json(answer).data, HEALTH, 'the /health handler, which its guards saw');
        } else assertEnvelope(answer, 503);
        assertEnvelope(await send(app, 'GET', 'http://h/items'), 503);
        assert.equal((await send(app, 'GET', 'http://h/health')).status, 200);
      } finally {
        await app.close();
      }
    });

    it('a rate limit that skips /health still counts /items/%2e%2e/health', async () => {
      const limiter = rateLimit({
        limit: 2,
        windowMs: 60_000,
        skip: (request) => request.path === '/health',
      });
      const app = await startWith({ guards: [limiter] });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push((await send(app, 'GET', 'http://h/items/%2e%2e/health')).status);
        if (NORMALISES_DOT_SEGMENTS.has(fixture.label)) assert.deepEqual(statuses, [200, 200, 200, 200]);
        else assert.deepEqual(statuses.slice(2), [429, 429]);
      } finally {
        await app.close();
      }
    });
  });
}
