import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import express from 'express';
import express4 from 'express4';
import { ok } from 'statuskit';
import { statuskit, wrapAsync } from 'statuskit/express';
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
