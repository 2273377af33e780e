import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { ok } from 'statuskit';
import { configureServer, createApp } from 'statuskit/node';
import { z } from 'zod';
import { serveOnFreePort } from '../fixtures/serve-on-free-port.js';
import { createFixtureApp, startApp } from '../fixtures/statuskit-node.js';
import { describeContractRows } from './contract-rows.js';
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
