/**
 * statuskit in a typical Fastify 5 app with the popular plugins, installed as the README says
 * (statuskit first): multipart uploads reach @fastify/multipart (its limits answered in the
 * envelope), @fastify/cors keeps its headers on statuskit's answers, and a @fastify/static miss or
 * a handler's `reply.callNotFound()` is a 404, never a 405.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { statuskit } from 'statuskit/fastify';
import { call } from '../adapters/http-client.js';

const ORIGIN = 'https://app.example';

describe('statuskit with Fastify plugins', () => {
  let app: FastifyInstance;
  let url: string;
  before(async () => {
    const root = mkdtempSync(join(tmpdir(), 'statuskit-static-'));
    writeFileSync(join(root, 'hello.txt'), 'hello');
    app = Fastify();
    await app.register(statuskit, { logger: false, bodyLimit: 1024 });
    await app.register(cors, { origin: ORIGIN });
    await app.register(multipart, { limits: { fileSize: 100 } });
    await app.register(fastifyStatic, { root, prefix: '/files/' });
    app.post('/notes', async (request, reply) => reply.created('/notes/1', request.body));
    app.post('/upload', async (request, reply) => {
      const file = await request.file();
      const bytes = await file?.toBuffer();
      return reply.created('/uploads/1', { name: file?.filename, size: bytes?.length });
    });
    const noteSchema = {
      type: 'object',
      properties: { id: { type: 'number' }, title: { type: 'string' } },
    };
    app.post('/schema', { schema: { response: { 201: noteSchema } } }, async (_request, reply) =>
      reply.created('/notes/7', { id: 7, title: 'x', internal: 'SECRET' }),
    );
    app.get('/schema', { schema: { response: { '2xx': noteSchema } } }, async (_request, reply) =>
      reply.ok({ id: 7, title: 'x', internal: 'SECRET' }),
    );
    app.get('/maybe/:id', async (request, reply) => {
      if ((request.params as { id: string }).id !== '1') return reply.callNotFound();
      return reply.ok({ id: 1 });
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    app.server.closeAllConnections();
    await app.close();
  });

  it('@fastify/multipart: an upload reaches it; its size limit is a 413 in the envelope', async () => {
    const form = new FormData();
    form.set('file', new Blob(['hello']), 'a.txt');
    const made = await call(`${url}/upload`, { method: 'POST', body: form });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.data, { name: 'a.txt', size: 5 });
    const big = new FormData();
    big.set('file', new Blob(['x'.repeat(200)]), 'big.txt');
    const tooLarge = await call(`${url}/upload`, { method: 'POST', body: big });
    assert.equal(tooLarge.status, 413, tooLarge.text);
    assert.equal(Object.keys(tooLarge.json)[0], 'error');
  });

  it('a JSON-only route still answers 415 to a form, with the CORS headers', async () => {
    const refused = await call(`${url}/notes`, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: new URLSearchParams({ a: '1' }),
    });
    assert.equal(refused.status, 415);
    assert.equal(refused.headers.get('access-control-allow-origin'), ORIGIN);
  });

  it("the reply helpers send data through the route's response schema, which drops undeclared fields", async () => {
    const made = await call(`${url}/schema`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json, { success: 'Created', data: { id: 7, title: 'x' } });
    assert.ok(!made.text.includes('SECRET'));
    const read = await call(`${url}/schema`);
    assert.deepEqual(read.json, { success: 'OK', data: { id: 7, title: 'x' } });
  });

  it('a static miss and reply.callNotFound() are 404, never 405', async () => {
    assert.equal((await call(`${url}/files/hello.txt`)).text, 'hello');
    const miss = await call(`${url}/files/nope.txt`);
    assert.equal(miss.status, 404, miss.text);
    assert.equal(miss.json.error, 'Not found');
    assert.equal(miss.headers.get('allow'), null);
    const notFound = await call(`${url}/maybe/2`);
    assert.equal(notFound.status, 404);
    assert.equal((await call(`${url}/maybe/1`)).status, 200);
  });
});
