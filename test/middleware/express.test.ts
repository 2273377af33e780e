/**
 * statuskit in a typical Express 5 app that already uses the popular middleware, installed as the
 * README says (security headers and CORS first, then `sk.start`): uploads, forms, raw webhooks
 * and text reach their own parsers untouched, a JSON-only route still refuses a form, the
 * express-session cookie stays on statuskit's answers, http-proxy-middleware forwards requests
 * untouched, express-jwt's refusals are 401 with a challenge, and every error the middleware raises
 * is answered in the envelope with the right status.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import compression from 'compression';
import cors from 'cors';
import express, { type Request } from 'express';
import { expressjwt } from 'express-jwt';
import session from 'express-session';
import helmet from 'helmet';
import { createProxyMiddleware } from 'http-proxy-middleware';
import multer from 'multer';
import { BadGatewayError, BadRequestError } from 'statuskit';
import { statuskit } from 'statuskit/express';
import { call } from '../adapters/http-client.js';
import { type RunningApp, serveOnFreePort } from '../fixtures/serve-on-free-port.js';
import {
  assertProxyPassesThrough,
  assertSessionKeptOnErrors,
  assertUnreachableUpstreamIs502,
  signJwt,
  startUpstream,
  type Upstream,
  unreachable,
} from './fixtures.js';

const SECRET = 'whsec_test';
const JWT_SECRET = 'jwt-secret';
const ORIGIN = 'https://app.example';

declare module 'express-session' {
  interface SessionData {
    visits: number;
  }
}

function buildApp(upstream: string, down: string) {
  const app = express();
  const sk = statuskit({ logger: false, bodyLimit: 1024 });
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 100 } });
  app.use(helmet());
  app.use(
    cors({
      origin: (origin, callback) =>
        !origin || origin === ORIGIN ? callback(null, true) : callback(new Error('Not allowed by CORS')),
    }),
  );
  app.use(compression());
  app.use(sk.start);
  app.use(session({ secret: 'session-secret', name: 'sid', resave: false, saveUninitialized: false }));
  // http-proxy-middleware answers a failed upstream itself (504, text/plain) unless given an
  // `error` handler: this one hands statuskit a 502 (RFC 9110 §15.6.3) through Express's `req.next`.
  const onProxyError = (error: Error, req: unknown) =>
    (req as Request).next?.(new BadGatewayError(undefined, { cause: error }));
  app.use('/api', createProxyMiddleware({ target: upstream, on: { error: onProxyError } }));
  app.use('/down', createProxyMiddleware({ target: down, on: { error: onProxyError } }));
  app.post('/visits', (req, res) => {
    req.session.visits = (req.session.visits ?? 0) + 1;
    if (req.body?.fail) throw new BadRequestError('Refused');
    res.ok({ visits: req.session.visits });
  });
  app.get('/private', expressjwt({ secret: JWT_SECRET, algorithms: ['HS256'] }), (req, res) =>
    res.ok({ user: (req as Request & { auth?: { sub?: string } }).auth?.sub }),
  );
  app.post('/notes', (req, res) => res.created('/notes/1', req.body));
  app.post('/upload', upload.single('file'), (req, res) =>
    res.created('/files/1', { name: req.file?.originalname, size: req.file?.size, note: req.body.note }),
  );
  app.post('/form', express.urlencoded({ extended: false }), (req, res) => res.ok(req.body));
  app.post('/text', express.text(), (req, res) => res.ok({ text: req.body }));
  app.post('/webhook', express.raw({ type: 'application/json' }), (req, res) => {
    const signature = createHmac('sha256', SECRET)
      .update(req.body as Buffer)
      .digest('hex');
    if (req.get('x-signature') !== signature) return res.status(400).json({ error: 'Bad signature' });
    return res.ok({ verified: true, bytes: (req.body as Buffer).length });
  });
  app.post('/signed', (req, res) => {
    const raw = (req as unknown as { rawBody: Buffer }).rawBody;
    res.ok({ signature: createHmac('sha256', SECRET).update(raw).digest('hex'), body: req.body });
  });
  app.post('/any', sk.accepts('application/octet-stream'), (req, res) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => res.ok({ size }));
  });
  app.use(sk.end);
  return app;
}

describe('statuskit with Express middleware', () => {
  let url: string;
  let running: RunningApp;
  let upstream: Upstream;
  before(async () => {
    upstream = await startUpstream();
    running = await serveOnFreePort(createServer(buildApp(upstream.url, await unreachable())), {
      bodyLimit: 1024,
    });
    url = running.url;
  });
  after(() => Promise.all([running.close(), upstream.close()]));

  it('multer: an upload reaches its parser; its limits are 413 and 400 in the envelope', async () => {
    const form = new FormData();
    form.set('note', 'hi');
    form.set('file', new Blob(['hello']), 'a.txt');
    const made = await call(`${url}/upload`, { method: 'POST', body: form });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.data, { name: 'a.txt', size: 5, note: 'hi' });
    const big = new FormData();
    big.set('file', new Blob(['x'.repeat(200)]), 'big.txt');
    const tooLarge = await call(`${url}/upload`, { method: 'POST', body: big });
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.json.error, 'File too large');
    const wrong = new FormData();
    wrong.set('other', new Blob(['x']), 'x.txt');
    const unexpected = await call(`${url}/upload`, { method: 'POST', body: wrong });
    assert.equal(unexpected.status, 400);
    assert.equal(unexpected.json.error, 'Unexpected file field');
  });

  it('forms and text reach their parsers; a JSON-only route still answers 415 to a form', async () => {
    const form = await call(`${url}/form`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    assert.equal(form.status, 200, form.text);
    assert.deepEqual(form.json.data, { a: '1' });
    const text = await call(`${url}/text`, { method: 'POST', body: 'plain words' });
    assert.deepEqual(text.json.data, { text: 'plain words' });
    const refused = await call(`${url}/notes`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    assert.equal(refused.status, 415);
    assert.equal(refused.json.error, 'Content-Type must be application/json');
  });

  it('a raw-body webhook verifies its signature over the exact bytes; statuskit keeps rawBody on its own reads', async () => {
    const payload = '{"id":"evt_1",  "type":"paid"}';
    const signature = createHmac('sha256', SECRET).update(payload).digest('hex');
    const headers = { 'content-type': 'application/json', 'x-signature': signature };
    const hook = await call(`${url}/webhook`, { method: 'POST', headers, body: payload });
    assert.equal(hook.status, 200, hook.text);
    assert.deepEqual(hook.json.data, { verified: true, bytes: payload.length });
    const signed = await call(`${url}/signed`, { method: 'POST', headers, body: payload });
    assert.equal(signed.json.data.signature, signature);
    assert.deepEqual(signed.json.data.body, { id: 'evt_1', type: 'paid' });
  });

  it('a route marked with sk.accepts() reads its own stream', async () => {
    const answer = await call(`${url}/any`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(300),
    });
    assert.deepEqual(answer.json.data, { size: 300 });
  });

  it("CORS and security headers stay on statuskit's early answers; a refused origin is a 403", async () => {
    const early = await call(`${url}/notes`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: '{bad',
    });
    assert.equal(early.status, 400);
    assert.equal(early.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(early.headers.get('x-content-type-options'), 'nosniff');
    const refused = await call(`${url}/notes`, { headers: { origin: 'https://evil.example' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error, 'Not allowed by CORS');
    const preflight = await call(`${url}/notes`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
  });

  it("express-session: the session lives across requests, and its cookie stays on statuskit's error answers", async () => {
    await assertSessionKeptOnErrors(url, /^sid=s%3A/);
  });

  it('http-proxy-middleware: JSON, form and multipart bodies and the upstream errors pass through untouched', async () => {
    await assertProxyPassesThrough(url);
  });

  it('http-proxy-middleware: an unreachable upstream is a 502 in the envelope, with the CORS headers', async () => {
    await assertUnreachableUpstreamIs502(url, ORIGIN);
  });

  it('express-jwt: a missing or bad token is 401 in the envelope with a Bearer challenge', async () => {
    const missing = await call(`${url}/private`);
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json, { error: 'No authorization token was found' });
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    const forged = signJwt({ sub: 'ann' }, 'another-secret');
    const bad = await call(`${url}/private`, { headers: { authorization: `Bearer ${forged}` } });
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, { error: 'invalid signature' });
    assert.equal(bad.headers.get('www-authenticate'), 'Bearer');
    const good = await call(`${url}/private`, {
      headers: { authorization: `Bearer ${signJwt({ sub: 'ann' }, JWT_SECRET)}` },
    });
    assert.equal(good.status, 200, good.text);
    assert.deepEqual(good.json.data, { user: 'ann' });
  });
});
