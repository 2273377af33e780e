/**
 * statuskit in a typical Hono 4 app that already uses Hono's own middleware, installed as the
 * README says (`statuskit(new Hono())` first, then CORS and security headers, then the routes):
 * uploads and forms reach `c.req.parseBody()`, text reaches `c.req.text()`, zod-validator failures
 * and `HTTPException`s from auth middleware are answered in the envelope with their headers,
 * statuskit's own early answers carry the CORS and security headers, a signed cookie set with
 * hono/cookie stays on statuskit's error answers, and hono/proxy forwards requests untouched.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { proxy } from 'hono/proxy';
import { secureHeaders } from 'hono/secure-headers';
import { BadGatewayError, BadRequestError } from 'statuskit';
import { accepts, created, ok, readJson, statuskit, validationHook } from 'statuskit/hono';
import { serve } from 'statuskit/hono/node';
import { z } from 'zod';
import { call } from '../adapters/http-client.js';
import {
  assertProxyPassesThrough,
  assertUnreachableUpstreamIs502,
  cookiesOf,
  startUpstream,
  type Upstream,
  unreachable,
} from './fixtures.js';

const ORIGIN = 'https://app.example';
const COOKIE_SECRET = 'cookie-secret';

describe('statuskit with Hono middleware', () => {
  let url: string;
  let close: () => void;
  let upstream: Upstream;
  before(async () => {
    upstream = await startUpstream();
    const down = await unreachable();
    const app = statuskit(new Hono(), { logger: false, bodyLimit: 1024 });
    app.use(cors({ origin: ORIGIN }));
    app.use(secureHeaders());
    app.post('/notes', async (c) => created(c, '/notes/1', await readJson(c)));
    app.post('/upload', accepts('multipart/form-data', 'application/x-www-form-urlencoded'), async (c) => {
      const body = await c.req.parseBody();
      const file = body.file;
      return created(c, '/files/1', {
        note: body.note,
        size: file instanceof File ? file.size : undefined,
      });
    });
    app.post('/text', accepts('text/plain'), async (c) => ok(c, { text: await c.req.text() }));
    app.post(
      '/form',
      accepts('application/x-www-form-urlencoded'),
      zValidator('form', z.object({ title: z.string().min(3) }), validationHook),
      (c) => ok(c, c.req.valid('form')),
    );
    app.get('/private', bearerAuth({ token: 'secret-token' }), (c) => ok(c, 'in'));
    app.post('/visits', async (c) => {
      const visits = Number((await getSignedCookie(c, COOKIE_SECRET, 'visits')) || 0) + 1;
      await setSignedCookie(c, 'visits', String(visits), COOKIE_SECRET, { httpOnly: true, path: '/' });
      if (c.req.query('fail') !== undefined) throw new BadRequestError('Refused');
      return ok(c, { visits });
    });
    // hono/proxy forwards the request as it came; a failed fetch to the upstream is a 502.
    app.all('/api/*', accepts('*/*'), (c) =>
      proxy(`${upstream.url}${c.req.path.slice(4)}${new URL(c.req.url).search}`, { raw: c.req.raw }),
    );
    app.all('/down/*', accepts('*/*'), (c) =>
      proxy(`${down}/`, { raw: c.req.raw }).catch((error: unknown) => {
        throw new BadGatewayError(undefined, { cause: error });
      }),
    );
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => {
      server.closeAllConnections();
      server.close();
      upstream.close();
    };
  });
  after(() => close());

  it('uploads and forms reach c.req.parseBody() on a route that accepts them', async () => {
    const form = new FormData();
    form.set('note', 'hi');
    form.set('file', new Blob(['hello']), 'a.txt');
    const made = await call(`${url}/upload`, { method: 'POST', body: form });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.data, { note: 'hi', size: 5 });
    const urlencoded = await call(`${url}/upload`, {
      method: 'POST',
      body: new URLSearchParams({ note: 'x' }),
    });
    assert.deepEqual(urlencoded.json.data, { note: 'x' });
  });

  it('text reaches c.req.text(); a JSON-only route still answers 415 to a form', async () => {
    const text = await call(`${url}/text`, { method: 'POST', body: 'plain words' });
    assert.deepEqual(text.json.data, { text: 'plain words' });
    const refused = await call(`${url}/notes`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    assert.equal(refused.status, 415);
  });

  it('zod-validator failures are 400 with details through validationHook', async () => {
    const bad = await call(`${url}/form`, { method: 'POST', body: new URLSearchParams({ title: 'x' }) });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.error, 'Validation failed');
    assert.equal(bad.json.details[0].path, 'title');
    const good = await call(`${url}/form`, { method: 'POST', body: new URLSearchParams({ title: 'xyz' }) });
    assert.deepEqual(good.json.data, { title: 'xyz' });
  });

  it("bearerAuth's HTTPException keeps its WWW-Authenticate", async () => {
    const denied = await call(`${url}/private`);
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal(Object.keys(denied.json)[0], 'error');
    assert.equal(
      (await call(`${url}/private`, { headers: { authorization: 'Bearer secret-token' } })).status,
      200,
    );
  });

  it("statuskit's early answers carry the CORS and security headers", async () => {
    for (const [body, status] of [
      ['{bad', 400],
      [JSON.stringify({ title: 'x'.repeat(2000) }), 413],
    ] as const) {
      const answer = await call(`${url}/notes`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body,
      });
      assert.equal(answer.status, status);
      assert.equal(answer.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  it("hono/cookie: a signed cookie lives across requests and stays on statuskit's error answers", async () => {
    const first = await call(`${url}/visits`, { method: 'POST' });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json.data, { visits: 1 });
    const refused = await call(`${url}/visits?fail`, {
      method: 'POST',
      headers: { cookie: cookiesOf(first) },
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json, { error: 'Refused' });
    assert.match(cookiesOf(refused), /^visits=2\./);
    const after = await call(`${url}/visits`, { method: 'POST', headers: { cookie: cookiesOf(refused) } });
    assert.deepEqual(after.json.data, { visits: 3 });
  });

  it('hono/proxy: JSON, form and multipart bodies and the upstream errors pass through untouched', async () => {
    await assertProxyPassesThrough(url);
  });

  it('hono/proxy: an unreachable upstream is a 502 in the envelope, with the CORS headers', async () => {
    await assertUnreachableUpstreamIs502(url, ORIGIN);
  });
});
