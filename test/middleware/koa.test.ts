/**
 * statuskit in typical Koa 3 apps that already use the popular middleware, installed as the README
 * says (CORS first, then statuskit, then the parsers): uploads, forms and text reach their own
 * parsers untouched, a JSON-only route still refuses a form, koa-body works with `readBodies:
 * false`, and every error the middleware raises is answered in the envelope.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import multer from '@koa/multer';
import Router from '@koa/router';
import Koa from 'koa';
import { koaBody } from 'koa-body';
import { type AdapterOptions, statuskit } from 'statuskit/koa';
import { configureServer } from 'statuskit/node';
import { call } from '../adapters/http-client.js';

const ORIGIN = 'https://app.example';

async function serve(app: Koa, options: AdapterOptions) {
  const server = configureServer(createServer(app.callback()), options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('statuskit with Koa middleware', () => {
  let base: Awaited<ReturnType<typeof serve>>;
  let withKoaBody: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    const options = { logger: false, bodyLimit: 1024 } as const;
    const app = new Koa();
    const router = new Router();
    const sk = statuskit(options);
    const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 100 } });
    app.use(cors({ origin: ORIGIN }));
    app.use(sk);
    router.post('/notes', (ctx) => ctx.created('/notes/1', ctx.request.body));
    router.post('/upload', sk.accepts('multipart/form-data'), upload.single('file'), (ctx) =>
      ctx.created('/files/1', { name: ctx.file?.originalname, size: ctx.file?.size }),
    );
    router.post('/form', bodyParser({ enableTypes: ['form', 'text'] }), (ctx) =>
      ctx.ok({ body: ctx.request.body, raw: ctx.request.rawBody }),
    );
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
  });
  after(() => {
    base.close();
    withKoaBody.close();
  });

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
});
