/**
 * statuskit in typical Koa 3 apps that already use the popular middleware, installed as the README
 * says (CORS first, then statuskit, then the parsers): uploads, forms and text reach their own
 * parsers untouched, a JSON-only route still refuses a form, koa-body works with `readBodies:
 * false`, koa-session keeps its cookie on statuskit's answers, koa-proxies forwards requests
 * untouched, koa-jwt's refusals are 401 with a challenge, and every error the middleware raises is
 * answered in the envelope. With `sk.attach(app)`, so are the errors of parsers placed before
 * statuskit, which Koa would otherwise answer itself in text/plain.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import multer from '@koa/multer';
import Router from '@koa/router';
import Koa from 'koa';
import { koaBody } from 'koa-body';
import jwt from 'koa-jwt';
import proxy from 'koa-proxies';
import session from 'koa-session';
import koa2 from 'koa2';
import { BadRequestError } from 'statuskit';
import { type AdapterOptions, statuskit } from 'statuskit/koa';
import { call } from '../adapters/http-client.js';
import { serveOnFreePort } from '../fixtures/serve-on-free-port.js';
import {
  assertProxyPassesThrough,
  cookiesOf,
  signJwt,
  startUpstream,
  type Upstream,
  unreachable,
} from './fixtures.js';

const ORIGIN = 'https://app.example';
const SECRET = 'jwt-secret';

function serve(app: Koa, options: AdapterOptions) {
  return serveOnFreePort(createServer(app.callback()), options);
}

describe('statuskit with Koa middleware', () => {
  let base: Awaited<ReturnType<typeof serve>>;
  let withKoaBody: Awaited<ReturnType<typeof serve>>;
  let parserFirst: Awaited<ReturnType<typeof serve>>;
  let koaBodyFirst: Awaited<ReturnType<typeof serve>>;
  let upstream: Upstream;
  before(async () => {
    upstream = await startUpstream();
    const options = { logger: false, bodyLimit: 1024 } as const;
    const app = new Koa();
    app.keys = ['session-key'];
    const router = new Router();
    const sk = statuskit(options);
    const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 100 } });
    app.use(cors({ origin: ORIGIN }));
    app.use(sk);
    app.use(session({ key: 'sid', signed: true }, app));
    app.use(proxy('/api', { target: upstream.url, rewrite: (path) => path.replace(/^\/api/, '') }));
    app.use(proxy('/down', { target: await unreachable() }));
    router.post('/notes', (ctx) => ctx.created('/notes/1', ctx.request.body));
    router.post('/upload', sk.accepts('multipart/form-data'), upload.single('file'), (ctx) =>
      ctx.created('/files/1', { name: ctx.file?.originalname, size: ctx.file?.size }),
    );
    router.post('/form', bodyParser({ enableTypes: ['form', 'text'] }), (ctx) =>
      ctx.ok({ body: ctx.request.body, raw: ctx.request.rawBody }),
    );
    router.post('/visits', (ctx) => {
      const session = ctx.session as { visits?: number };
      session.visits = (session.visits ?? 0) + 1;
      if ((ctx.request.body as { fail?: boolean } | undefined)?.fail) throw new BadRequestError('Refused');
      ctx.ok({ visits: session.visits });
    });
    router.get('/private', jwt({ secret: SECRET }), (ctx) => ctx.ok({ user: ctx.state.user.sub }));
    app.use(router.routes());
    base = await serve(app, options);

    // koa-body reads every body itself, JSON included: statuskit is told to read none.
    const second = new Koa();
    const routes = new Router();
    const own = statuskit({ ...options, readBodies: false });
    second.use(own);
    second.use(koaBody({ multipart: true, jsonLimit: 1024 }));
    routes.post('/notes', (ctx) => ctx.created('/notes/1', ctx.request.body));
    second.use(routes.routes());
    withKoaBody = await serve(second, options);

    // Parsers placed before statuskit: their errors reach Koa's ctx.onerror, which sk.attach(app)
    // makes statuskit's.
    const third = new Koa();
    const thirdRoutes = new Router();
    const first = statuskit(options);
    first.attach(third);
    third.use(cors({ origin: ORIGIN }));
    third.use(async (ctx, next) => {
      if (ctx.path === '/crash') throw new Error('database password is hunter2');
      if (ctx.path === '/busy') ctx.throw(503, 'Busy', { headers: { 'retry-after': '7' } });
      await next();
    });
    third.use(bodyParser({ jsonLimit: 1024 }));
    third.use(first);
    thirdRoutes.post('/notes', (ctx) => ctx.created('/notes/1', ctx.request.body));
    third.use(thirdRoutes.routes());
    parserFirst = await serve(third, options);

    const fourth = new Koa();
    const fourthRoutes = new Router();
    const last = statuskit(options);
    last.attach(fourth);
    fourth.use(koaBody({ jsonLimit: 1024 }));
    fourth.use(last);
    fourthRoutes.post('/notes', (ctx) => ctx.created('/notes/1', ctx.request.body));
    fourth.use(fourthRoutes.routes());
    koaBodyFirst = await serve(fourth, options);
  });
  after(() =>
    Promise.all([base, withKoaBody, parserFirst, koaBodyFirst, upstream].map((running) => running.close())),
  );

  it('@koa/multer: an upload reaches its parser; its size limit is a 413 in the envelope', async () => {
    const form = new FormData();
    form.set('file', new Blob(['hello']), 'a.txt');
    const made = await call(`${base.url}/upload`, { method: 'POST', body: form });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.data, { name: 'a.txt', size: 5 });
    const big = new FormData();
    big.set('file', new Blob(['x'.repeat(200)]), 'big.txt');
    const tooLarge = await call(`${base.url}/upload`, { method: 'POST', body: big });
    assert.equal(tooLarge.status, 413, tooLarge.text);
    assert.equal(tooLarge.json.error, 'File too large');
  });

  it('@koa/bodyparser: forms and text reach it with rawBody; a JSON-only route answers 415 to a form', async () => {
    const form = await call(`${base.url}/form`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    assert.equal(form.status, 200, form.text);
    assert.deepEqual(form.json.data, { body: { a: '1' }, raw: 'a=1' });
    const text = await call(`${base.url}/form`, { method: 'POST', body: 'words' });
    assert.deepEqual(text.json.data, { body: 'words', raw: 'words' });
    const refused = await call(`${base.url}/notes`, {
      method: 'POST',
      body: new URLSearchParams({ a: '1' }),
    });
    assert.equal(refused.status, 415);
  });

  it("keeps CORS headers on statuskit's early answers", async () => {
    const early = await call(`${base.url}/notes`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: '{bad',
    });
    assert.equal(early.status, 400);
    assert.equal(early.headers.get('access-control-allow-origin'), ORIGIN);
  });

  it('koa-body with readBodies: false parses JSON itself, and its errors are in the envelope', async () => {
    const headers = { 'content-type': 'application/json' };
    const made = await call(`${withKoaBody.url}/notes`, { method: 'POST', headers, body: '{"title":"x"}' });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.data, { title: 'x' });
    const malformed = await call(`${withKoaBody.url}/notes`, { method: 'POST', headers, body: '{bad' });
    // koa-body re-throws co-body's error as a 400 of its own (without body-parser's `type`): its
    // message, a 4xx's, is the client's to read.
    assert.equal(malformed.status, 400, malformed.text);
    assert.equal(Object.keys(malformed.json)[0], 'error');
    const large = await call(`${withKoaBody.url}/notes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'x'.repeat(2000) }),
    });
    assert.equal(large.status, 413, large.text);
  });

  it("koa-session: the session lives across requests, and its cookie stays on statuskit's error answers", async () => {
    const headers = { 'content-type': 'application/json' };
    const first = await call(`${base.url}/visits`, { method: 'POST', headers, body: '{}' });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json.data, { visits: 1 });
    const cookies = first.headers.getSetCookie();
    assert.ok(cookies.some((c) => c.startsWith('sid=')) && cookies.some((c) => c.startsWith('sid.sig=')));
    const second = await call(`${base.url}/visits`, {
      method: 'POST',
      headers: { ...headers, cookie: cookiesOf(first) },
      body: '{}',
    });
    assert.deepEqual(second.json.data, { visits: 2 });
    // The handler changes the session, then throws: koa-session commits on the way out and
    // statuskit's 400 keeps the new cookie, so the change is not lost.
    const refused = await call(`${base.url}/visits`, {
      method: 'POST',
      headers: { ...headers, cookie: cookiesOf(second) },
      body: '{"fail":true}',
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json, { error: 'Refused' });
    assert.match(cookiesOf(refused), /^sid=.+; sid\.sig=/);
    const after = await call(`${base.url}/visits`, {
      method: 'POST',
      headers: { ...headers, cookie: cookiesOf(refused) },
      body: '{}',
    });
    assert.deepEqual(after.json.data, { visits: 4 });
  });

  it('koa-proxies: JSON, form and multipart bodies and the upstream errors pass through untouched', async () => {
    await assertProxyPassesThrough(base.url);
  });

  it('koa-proxies: an unreachable upstream is its 503, answered in the envelope', async () => {
    const down = await call(`${base.url}/down/anything`, { headers: { origin: ORIGIN } });
    assert.equal(down.status, 503, down.text);
    assert.deepEqual(down.json, { error: 'Service unavailable' });
    assert.match(down.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(down.headers.get('access-control-allow-origin'), ORIGIN);
  });

  it('koa-jwt: a missing or bad token is 401 in the envelope with a Bearer challenge', async () => {
    const missing = await call(`${base.url}/private`);
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json, { error: 'Authentication Error' });
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    const forged = signJwt({ sub: 'ann' }, 'another-secret');
    const bad = await call(`${base.url}/private`, { headers: { authorization: `Bearer ${forged}` } });
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, { error: 'Authentication Error' });
    assert.equal(bad.headers.get('www-authenticate'), 'Bearer');
    const good = await call(`${base.url}/private`, {
      headers: { authorization: `Bearer ${signJwt({ sub: 'ann' }, SECRET)}` },
    });
    assert.equal(good.status, 200, good.text);
    assert.deepEqual(good.json.data, { user: 'ann' });
  });

  it('@koa/bodyparser before statuskit, with sk.attach(app): its 400 and 413 are in the envelope, CORS kept', async () => {
    const headers = { origin: ORIGIN, 'content-type': 'application/json' };
    const malformed = await call(`${parserFirst.url}/notes`, { method: 'POST', headers, body: '{bad' });
    assert.equal(malformed.status, 400, malformed.text);
    assert.match(malformed.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(Object.keys(malformed.json)[0], 'error');
    assert.equal(malformed.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(malformed.headers.get('cache-control'), 'no-store');
    const large = await call(`${parserFirst.url}/notes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'x'.repeat(2000) }),
    });
    assert.equal(large.status, 413, large.text);
    assert.equal(Object.keys(large.json)[0], 'error');
    const made = await call(`${parserFirst.url}/notes`, { method: 'POST', headers, body: '{"a":1}' });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.data, { a: 1 });
  });

  it('with sk.attach(app), errors thrown before statuskit keep its rules: 5xx message hidden, headers kept', async () => {
    const crash = await call(`${parserFirst.url}/crash`);
    assert.equal(crash.status, 500);
    assert.deepEqual(crash.json, { error: 'Internal server error' });
    assert.ok(!crash.text.includes('hunter2'));
    const busy = await call(`${parserFirst.url}/busy`, { headers: { accept: 'application/problem+json' } });
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get('retry-after'), '7');
    assert.match(busy.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(busy.json.status, 503);
  });

  it('koa-body before statuskit, with sk.attach(app): its 400 and 413 are in the envelope', async () => {
    const headers = { 'content-type': 'application/json' };
    const malformed = await call(`${koaBodyFirst.url}/notes`, { method: 'POST', headers, body: '{bad' });
    assert.equal(malformed.status, 400, malformed.text);
    assert.equal(Object.keys(malformed.json)[0], 'error');
    const large = await call(`${koaBodyFirst.url}/notes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'x'.repeat(2000) }),
    });
    assert.equal(large.status, 413, large.text);
    assert.equal(Object.keys(large.json)[0], 'error');
    const made = await call(`${koaBodyFirst.url}/notes`, { method: 'POST', headers, body: '{"a":1}' });
    assert.deepEqual(made.json.data, { a: 1 });
  });
});

describe('sk.attach(app) on Koa 2', () => {
  let app: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    const options = { logger: false, bodyLimit: 1024 } as const;
    const old = new koa2();
    const sk = statuskit(options);
    sk.attach(old);
    old.use(async (ctx, next) => {
      if (ctx.path === '/crash') throw new Error('database password is hunter2');
      await next();
    });
    old.use(bodyParser({ jsonLimit: 1024 }));
    old.use(sk);
    old.use((ctx) => ctx.created('/notes/1', ctx.request.body));
    app = await serve(old as unknown as Koa, options);
  });
  after(() => app.close());

  it('a parser placed before statuskit has its 400 in the envelope, and a crash is a hidden 500', async () => {
    const headers = { 'content-type': 'application/json' };
    const malformed = await call(`${app.url}/notes`, { method: 'POST', headers, body: '{bad' });
    assert.equal(malformed.status, 400, malformed.text);
    assert.match(malformed.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(Object.keys(malformed.json)[0], 'error');
    const crash = await call(`${app.url}/crash`);
    assert.equal(crash.status, 500);
    assert.deepEqual(crash.json, { error: 'Internal server error' });
    const made = await call(`${app.url}/notes`, { method: 'POST', headers, body: '{"a":1}' });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.data, { a: 1 });
  });
});
