/**
 * statuskit in a typical Fastify 5 app with the popular plugins, installed as the README says
 * (statuskit first): multipart uploads reach @fastify/multipart (its limits answered in the
 * envelope), @fastify/cors keeps its headers on statuskit's answers, a @fastify/static miss or
 * a handler's `reply.callNotFound()` is a 404, never a 405, @fastify/session keeps its cookie on
 * statuskit's answers, @fastify/http-proxy forwards requests untouched, @fastify/basic-auth's
 * refusals are 401 with its own challenge, and @fastify/swagger's document shows statuskit's
 * envelope and error answers through `openapiTransform()`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import basicAuth from '@fastify/basic-auth';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import proxy from '@fastify/http-proxy';
import multipart from '@fastify/multipart';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { BadRequestError } from 'statuskit';
import { guard, openapiTransform, statuskit } from 'statuskit/fastify';
import { maintenance, rateLimit } from 'statuskit/guards';
import { call } from '../adapters/http-client.js';
import {
  assertProxyPassesThrough,
  assertSessionKeptOnErrors,
  assertUnreachableUpstreamIs502,
  startUpstream,
  type Upstream,
  unreachable,
} from './fixtures.js';

const ORIGIN = 'https://app.example';

declare module 'fastify' {
  interface Session {
    visits?: number;
  }
}

describe('statuskit with Fastify plugins', () => {
  let app: FastifyInstance;
  let url: string;
  let upstream: Upstream;
  before(async () => {
    upstream = await startUpstream();
    const root = mkdtempSync(join(tmpdir(), 'statuskit-static-'));
    writeFileSync(join(root, 'hello.txt'), 'hello');
    app = Fastify();
    await app.register(statuskit, { logger: false, bodyLimit: 1024 });
    await app.register(swagger, {
      openapi: { info: { title: 'Notes', version: '1.0.0' } },
      transform: openapiTransform(),
    });
    await app.register(cors, { origin: ORIGIN });
    // Before @fastify/multipart: a proxy registered after it inherits its multipart parser, which
    // leaves the body to request.file(), and forwards multipart bodies empty.
    await app.register(proxy, { upstream: upstream.url, prefix: '/api' });
    await app.register(proxy, { upstream: await unreachable(), prefix: '/down' });
    await app.register(multipart, { limits: { fileSize: 100 } });
    await app.register(fastifyStatic, { root, prefix: '/files/' });
    await app.register(cookie);
    await app.register(session, {
      secret: 'a session secret of at least 32 characters',
      cookieName: 'sid',
      cookie: { secure: false },
    });
    await app.register(basicAuth, {
      authenticate: { realm: 'notes' },
      validate: async (user, password) => {
        if (user !== 'ann' || password !== 'secret') throw new Error('Wrong user or password');
      },
    });
    app.post('/visits', async (request, reply) => {
      const visits = (request.session.get('visits') ?? 0) + 1;
      request.session.set('visits', visits);
      if ((request.body as { fail?: boolean } | undefined)?.fail) throw new BadRequestError('Refused');
      return reply.ok({ visits });
    });
    app.get('/private', { onRequest: app.basicAuth }, async (_request, reply) => reply.ok('in'));
    app.post(
      '/limited',
      { preHandler: guard(rateLimit({ limit: 5, windowMs: 60_000 })) },
      async (request, reply) => reply.created('/limited/1', request.body),
    );
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
    upstream.close();
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

  it("@fastify/session: the session lives across requests, and its cookie stays on statuskit's error answers", async () => {
    await assertSessionKeptOnErrors(url, /^sid=/);
  });

  it('@fastify/http-proxy: JSON, form and multipart bodies and the upstream errors pass through untouched', async () => {
    await assertProxyPassesThrough(url);
  });

  it('@fastify/http-proxy: an unreachable upstream is a 502 in the envelope', async () => {
    await assertUnreachableUpstreamIs502(url, ORIGIN);
  });

  it("@fastify/basic-auth: a missing or wrong credential is 401 in the envelope with the plugin's own challenge", async () => {
    const missing = await call(`${url}/private`);
    assert.equal(missing.status, 401);
    assert.equal(Object.keys(missing.json)[0], 'error');
    assert.equal(missing.headers.get('www-authenticate'), 'Basic realm="notes", charset="UTF-8"');
    const wrong = await call(`${url}/private`, {
      headers: { authorization: `Basic ${Buffer.from('ann:nope').toString('base64')}` },
    });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.json, { error: 'Wrong user or password' });
    assert.equal(wrong.headers.get('www-authenticate'), 'Basic realm="notes", charset="UTF-8"');
    const good = await call(`${url}/private`, {
      headers: { authorization: `Basic ${Buffer.from('ann:secret').toString('base64')}` },
    });
    assert.equal(good.status, 200, good.text);
    assert.deepEqual(good.json, { success: 'OK', data: 'in' });
  });

  it("@fastify/swagger with openapiTransform(): the envelope and statuskit's error answers are in the document", async () => {
    const spec = app.swagger() as any;
    const error = spec.paths['/notes'].post.responses['400'].content['application/json'].schema;
    assert.deepEqual(error.required, ['error']);
    assert.deepEqual(Object.keys(error.properties), ['error', 'code', 'details']);
    assert.deepEqual(Object.keys(error.properties.details.items.properties), ['path', 'message']);
    const notes = spec.paths['/notes'].post.responses;
    assert.deepEqual(Object.keys(notes).sort(), ['2XX', '400', '413', '415', '500']);
    assert.deepEqual(Object.keys(notes['2XX'].content['application/json'].schema.properties), [
      'success',
      'data',
    ]);
    // A route's own success schema is kept, as the `data` of the envelope.
    const read = spec.paths['/schema'].get.responses;
    assert.deepEqual(read['2XX'].content['application/json'].schema.properties.data, {
      type: 'object',
      properties: { id: { type: 'number' }, title: { type: 'string' } },
    });
    assert.equal(read['200'], undefined);
    const made = spec.paths['/schema'].post.responses['201'].content['application/json'].schema;
    assert.deepEqual(made.required, ['success']);
    assert.deepEqual(Object.keys(made.properties.data.properties), ['id', 'title']);
    // A path parameter can be missing (404); a statuskit guard adds its status (429).
    assert.ok(spec.paths['/maybe/{id}'].get.responses['404']);
    assert.equal(spec.paths['/notes'].post.responses['404'], undefined);
    const limited = spec.paths['/limited'].post.responses;
    assert.ok(limited['429'], Object.keys(limited).join());
    assert.equal(spec.paths['/notes'].post.responses['429'], undefined);
    // Only the document changes: the route still serialises with its own schema.
    const answer = await call(`${url}/schema`);
    assert.deepEqual(answer.json, { success: 'OK', data: { id: 7, title: 'x' } });
  });
});

describe('openapiTransform() with app-wide guards, validationStatus 422 and a next transform', () => {
  it("documents the guards' 503, the 422, keeps a route's own error schema, and runs the app's transform first", async () => {
    const app = Fastify();
    await app.register(statuskit, { logger: false, guards: [maintenance()], validationStatus: 422 });
    await app.register(swagger, {
      openapi: { info: { title: 'Notes', version: '1.0.0' } },
      transform: openapiTransform(({ schema, url }) => ({ schema: { ...schema, tags: ['notes'] }, url })),
    });
    const gone = { description: 'Gone for good', type: 'object', properties: { reason: { type: 'string' } } };
    app.put(
      '/notes/:id',
      {
        schema: {
          body: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } },
          response: { 204: { type: 'null', description: 'Replaced' }, 410: gone },
        },
      },
      async (_request, reply) => reply.noContent(),
    );
    await app.ready();
    const put = (app.swagger() as any).paths['/notes/{id}'].put;
    assert.deepEqual(put.tags, ['notes']);
    assert.deepEqual(Object.keys(put.responses).sort(), [
      '204',
      '400',
      '404',
      '410',
      '413',
      '415',
      '422',
      '500',
      '503',
    ]);
    assert.equal(put.responses['204'].content, undefined);
    assert.equal(put.responses['410'].description, 'Gone for good');
    assert.deepEqual(Object.keys(put.responses['410'].content['application/json'].schema.properties), [
      'reason',
    ]);
    assert.deepEqual(put.responses['503'].content['application/json'].schema.required, ['error']);
    await app.close();
  });
});

describe('openapiTransform() and the options', () => {
  it("documents 413 and 415 on a POST under readBodies: false too (Fastify's own parser answers them)", async () => {
    const app = Fastify();
    await app.register(statuskit, { logger: false, readBodies: false });
    await app.register(swagger, {
      openapi: { info: { title: 'Notes', version: '1.0.0' } },
      transform: openapiTransform(),
    });
    app.post('/notes', async (request, reply) => reply.created('/notes/1', request.body));
    await app.ready();
    const responses = (app.swagger() as any).paths['/notes'].post.responses;
    await app.close();
    assert.ok('413' in responses && '415' in responses, JSON.stringify(Object.keys(responses)));
  });

  it('deadlineMs alone documents a 503 on a route; without guards or a deadline there is none', async () => {
    const routes = async (options: Parameters<typeof statuskit>[1]) => {
      const app = Fastify();
      await app.register(statuskit, { logger: false, ...options });
      await app.register(swagger, {
        openapi: { info: { title: 'Notes', version: '1.0.0' } },
        transform: openapiTransform(),
      });
      app.get('/notes', async (_request, reply) => reply.ok([]));
      await app.ready();
      const responses = (app.swagger() as any).paths['/notes'].get.responses;
      await app.close();
      return responses;
    };
    const timed = await routes({ deadlineMs: 5_000 });
    assert.ok('503' in timed, JSON.stringify(Object.keys(timed)));
    assert.match(timed['503'].description, /^Service unavailable/);
    const plain = await routes({});
    assert.ok(!('503' in plain), JSON.stringify(Object.keys(plain)));
  });
});
