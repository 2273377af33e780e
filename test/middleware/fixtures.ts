/**
 * What the middleware test apps share: a real upstream server for the proxies to forward to, the
 * address of one that is not listening, HS256 tokens for the JWT middleware, and the check that a
 * proxy in front of that upstream passes its traffic through untouched.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { call } from '../adapters/http-client.js';
import { listenOnFreePort, type RunningApp } from '../fixtures/serve-on-free-port.js';
import { freePort } from '../scenarios/apps.js';

/** A running upstream server (its `close` waits for it to stop). */
export type Upstream = RunningApp;

/**
 * An upstream API that answers in its own format, not statuskit's: `/echo` describes the request it
 * got (method, path, content type, length and SHA-256 of the body bytes) with `x-upstream: echo`;
 * `/missing` is its own 404 in JSON and `/teapot` its own 418 in text, both with `x-upstream`.
 */
export async function startUpstream(): Promise<Upstream> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.endsWith('/missing')) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-upstream': 'missing' });
        res.end('{"message":"no such widget","upstream":true}');
        return;
      }
      if (req.url?.endsWith('/teapot')) {
        res.writeHead(418, { 'content-type': 'text/plain', 'x-upstream': 'teapot' });
        res.end('short and stout');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'echo' });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          type: req.headers['content-type'] ?? null,
          length: body.length,
          sha256: createHash('sha256').update(body).digest('hex'),
        }),
      );
    });
  });
  return listenOnFreePort(server);
}

/** The address of a port that was just free and is closed again: connecting to it is refused. */
export async function unreachable(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/**
 * A body serialised once (a form's multipart boundary is drawn per serialisation), with its
 * content type and the SHA-256 the upstream reports when the bytes arrive untouched.
 */
async function encodeBody(
  body: BodyInit,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string; sha256: string }> {
  const request = new Request('http://127.0.0.1/', { method: 'POST', body });
  const bytes = new Uint8Array(await request.arrayBuffer());
  const type = request.headers.get('content-type') ?? 'application/octet-stream';
  return { bytes, type, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A compact HS256 JSON Web Token (RFC 7519), as express-jwt and koa-jwt verify it. */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * Checks that the proxy mounted at `<app>/api` in front of {@link startUpstream} passes traffic
 * through untouched: JSON, urlencoded and multipart bodies (the last over the apps' body limit)
 * reach the upstream byte for byte with path and query, and the upstream's own errors (a JSON 404,
 * a text 418) come back unchanged with its headers.
 */
export async function assertProxyPassesThrough(app: string): Promise<void> {
  const form = new FormData();
  form.set('file', new Blob(['x'.repeat(2000)]), 'big.bin'); // over bodyLimit: not statuskit's
  for (const body of ['{"id": 1,   "note":"x"}', new URLSearchParams({ a: '1', b: 'two' }), form]) {
    const encoded = await encodeBody(body);
    const type = typeof body === 'string' ? 'application/json' : encoded.type;
    const answer = await call(`${app}/api/echo?x=1`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: encoded.bytes,
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers.get('x-upstream'), 'echo');
    assert.deepEqual(answer.json, {
      method: 'POST',
      url: '/echo?x=1',
      type,
      length: encoded.bytes.length,
      sha256: encoded.sha256,
    });
  }
  const missing = await call(`${app}/api/missing`);
  assert.equal(missing.status, 404);
  assert.equal(missing.text, '{"message":"no such widget","upstream":true}');
  assert.equal(missing.headers.get('x-upstream'), 'missing');
  const teapot = await call(`${app}/api/teapot`, { method: 'DELETE' });
  assert.equal(teapot.status, 418);
  assert.equal(teapot.text, 'short and stout');
}

/** The cookies an answer sets, as the `Cookie` header a browser would send back. */
export function cookiesOf(answer: { headers: Headers }): string {
  return answer.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * Checks a session middleware next to statuskit on an app whose `POST /visits` counts visits in
 * the session and throws a 400 `Refused` when the body says `{"fail":true}`: the session lives
 * across requests, and a new session changed by a handler that then throws is saved, its cookie
 * (matching `cookie`) on statuskit's 400.
 */
export async function assertSessionKeptOnErrors(app: string, cookie: RegExp): Promise<void> {
  const headers = { 'content-type': 'application/json' };
  const first = await call(`${app}/visits`, { method: 'POST', headers, body: '{}' });
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(first.json.data, { visits: 1 });
  assert.match(cookiesOf(first), cookie);
  const second = await call(`${app}/visits`, {
    method: 'POST',
    headers: { ...headers, cookie: cookiesOf(first) },
    body: '{}',
  });
  assert.deepEqual(second.json.data, { visits: 2 });
  const refused = await call(`${app}/visits`, { method: 'POST', headers, body: '{"fail":true}' });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.json, { error: 'Refused' });
  assert.match(cookiesOf(refused), cookie);
  const after = await call(`${app}/visits`, {
    method: 'POST',
    headers: { ...headers, cookie: cookiesOf(refused) },
    body: '{}',
  });
  assert.deepEqual(after.json.data, { visits: 2 });
}

/**
 * Checks that the proxy mounted at `<app>/down` in front of {@link unreachable} answers a 502 in the
 * envelope, with the CORS headers set before it and `Cache-Control: no-store`.
 */
export async function assertUnreachableUpstreamIs502(app: string, origin: string): Promise<void> {
  const down = await call(`${app}/down/anything`, { headers: { origin } });
  assert.equal(down.status, 502, down.text);
  assert.deepEqual(down.json, { error: 'Bad gateway' });
  assert.equal(down.headers.get('access-control-allow-origin'), origin);
  assert.equal(down.headers.get('cache-control'), 'no-store');
}
