import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { NotFoundError, ok, type StatuskitOptions } from 'statuskit';
import { statuskit } from 'statuskit/fastify';
import { z } from 'zod';
import { startApp } from '../fixtures/statuskit-fastify.js';
import { assertError, describeContractRows } from './contract-rows.js';
import { call, head, raw, recordingLogger } from './http-client.js';

describeContractRows('statuskit/fastify', startApp);

/** A Fastify app with the plugin first, then the routes `build` adds, listening on a free port. */
async function serve(options: StatuskitOptions, build: (app: FastifyInstance) => void) {
  const app = Fastify();
  await app.register(statuskit, options);
  build(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

const json = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('statuskit/fastify', () => {
  it('puts the success helpers on reply and validate() on request, with validationStatus', async () => {
    const { url, close } = await serve({ logger: false, validationStatus: 422 }, (app) => {
      app.post('/checked', async (request, reply) =>
        reply.created('/checked/1', await request.validate(z.object({ n: z.number() }))),
      );
      app.get('/accepted', async (_request, reply) => reply.accepted({ job: 1 }, { message: 'Queued' }));
      app.get('/other', async (_request, reply) => reply.success(203, 'x', { headers: { 'x-a': 'b' } }));
      app.get('/reset', async (_request, reply) => reply.success(205));
      app.get('/moved', async (_request, reply) => reply.redirectTo('/there', 308));
      app.get('/parts', async (_request, reply) => reply.sendParts(ok('p')));
      app.get('/typed-empty', async (_request, reply) => reply.type('text/html').noContent());
      app.get('/bad-helper', async (_request, reply) => reply.success(404));
    });
    try {
      const made = await call(`${url}/checked`, json('{"n":1}'));
      assert.equal(made.status, 201);
      assert.equal(made.headers.get('location'), '/checked/1');
      assert.deepEqual(made.json, { success: 'Created', data: { n: 1 } });
      const invalid = await call(`${url}/checked`, json('{"n":"1"}'));
      assertError(invalid, 422, 'Validation failed');
      assert.equal(invalid.json.details[0].path, 'n');
      assert.deepEqual((await call(`${url}/accepted`)).json, { success: 'Queued', data: { job: 1 } });
      const other = await call(`${url}/other`);
      assert.equal(other.status, 203);
      assert.equal(other.headers.get('x-a'), 'b');
      const reset = await raw(url, head('GET', '/reset'));
      assert.equal(reset.status, 205);
      assert.equal(reset.headers['content-length'], '0');
      assert.equal(reset.body, '');
      const moved = await call(`${url}/moved`);
      assert.equal(moved.status, 308);
      assert.equal(moved.headers.get('location'), '/there');
      assert.deepEqual(moved.json, { success: 'Permanent redirect' });
      assert.equal((await call(`${url}/parts`)).text, '{"success":"OK","data":"p"}');
      const empty = await raw(url, head('GET', '/typed-empty'));
      assert.equal(empty.status, 204);
      assert.equal(empty.headers['content-type'], undefined);
      const emptyHead = await raw(url, head('HEAD', '/typed-empty'));
      assert.equal(emptyHead.status, 204);
      assert.equal(emptyHead.headers['content-length'], undefined, "Fastify's HEAD route adds 0");
      assertError(await call(`${url}/bad-helper`), 500, 'Internal server error');
    } finally {
      await close();
    }
  });

  it("answers Fastify's own errors in the envelope: schema validation, bad media type, long parameters", async () => {
    const { url, close } = await serve({ logger: false }, (app) => {
      const schema = {
        body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      };
      app.post('/schema', { schema }, async (request, reply) => reply.ok(request.body));
      app.get('/things/:id', async (_request, reply) => reply.ok(1));
    });
    try {
      const invalid = await call(`${url}/schema`, json('{}'));
      assertError(invalid, 400, 'Validation failed');
      assert.equal(invalid.json.details.length, 1);
      const odd = await call(`${url}/schema`, {
        method: 'POST',
        headers: { 'content-type': 'not a media type' },
        body: '{}',
      });
      assertError(odd, 415, 'Unsupported media type');
      const getBody = await raw(
        url,
        `${head('GET', '/things/1', { 'content-type': 'text/plain', 'content-length': 3 })}abc`,
      );
      assert.equal(getBody.status, 415, 'a body sent with GET is read too');
      const long = await call(`${url}/things/${'a'.repeat(200)}`);
      assertError(long, 414, 'URI too long');
      assert.ok(!long.text.includes('aaaa'), 'the path is not echoed');
    } finally {
      await close();
    }
  });

  it('answers 422 for schema validation when validationStatus is 422', async () => {
    const { url, close } = await serve({ logger: false, validationStatus: 422 }, (app) => {
      const schema = { body: { type: 'object', required: ['name'] } };
      app.post('/schema', { schema }, async (request, reply) => reply.ok(request.body));
    });
    try {
      const invalid = await call(`${url}/schema`, json('{}'));
      assertError(invalid, 422, 'Validation failed');
      assert.equal(invalid.json.details[0].message, "must have required property 'name'");
    } finally {
      await close();
    }
  });

  it('computes Allow across encapsulated plugins and prefixes, and leaves routed OPTIONS alone', async () => {
    const { url, close } = await serve({ logger: false }, (app) => {
      app.register(
        async (child) => {
          child.get('/notes/:id', async (_request, reply) => reply.ok(1));
          child.patch('/notes/:id', async (_request, reply) => reply.ok(2));
          child.get('/missing', async () => {
            throw new NotFoundError('Not here');
          });
        },
        { prefix: '/api' },
      );
      app.options('/custom', async (_request, reply) => reply.success(200, 'mine'));
      app.put('/custom', async (_request, reply) => reply.ok(3));
    });
    try {
      const wrong = await call(`${url}/api/notes/7`, { method: 'PUT' });
      assertError(wrong, 405, 'Method not allowed');
      assert.equal(wrong.headers.get('allow'), 'GET, HEAD, PATCH, OPTIONS');
      const options = await call(`${url}/api/notes/7`, { method: 'OPTIONS' });
      assert.equal(options.status, 204);
      assert.equal(options.headers.get('allow'), 'GET, HEAD, PATCH, OPTIONS');
      assert.equal((await call(`${url}/custom`, { method: 'OPTIONS' })).json?.data, 'mine');
      assert.equal((await call(`${url}/custom`, { method: 'GET' })).headers.get('allow'), 'PUT, OPTIONS');
      assertError(await call(`${url}/api/missing`), 404, 'Not here');
      assertError(await call(`${url}/api/nothing`), 404, 'Not found');
    } finally {
      await close();
    }
  });

  it("replaces Fastify's client-error listener and answers them in the envelope", async () => {
    const { app, url, close } = await serve({ logger: false }, () => {});
    try {
      assert.equal(app.server.listenerCount('clientError'), 1);
      const bad = await raw(url, 'GET /x HTTP/1.1 y\r\n\r\n');
      assert.equal(bad.status, 400);
      assert.equal(bad.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(bad.body, '{"error":"Bad request"}');
    } finally {
      await close();
    }
  });

  it('logs a hidden error once, keeps a Cache-Control the handler set, and works through inject()', async () => {
    const logger = recordingLogger();
    const { app, url, close } = await serve({ logger }, (app) => {
      app.get('/crash', async () => {
        throw new Error('secret-token-123');
      });
      app.get('/cached-error', async (_request, reply) => {
        reply.header('cache-control', 'max-age=60');
        throw new NotFoundError();
      });
    });
    try {
      const crash = await call(`${url}/crash`);
      assertError(crash, 500, 'Internal server error');
      assert.equal(logger.logged.length, 1);
      assert.equal((logger.logged[0] as Error).message, 'secret-token-123');
      const cached = await call(`${url}/cached-error`);
      assert.equal(cached.status, 404);
      assert.equal(cached.headers.get('cache-control'), 'max-age=60');
      const injected = await app.inject({ method: 'DELETE', url: '/crash' });
      assert.equal(injected.statusCode, 405);
      assert.equal(injected.headers.allow, 'GET, HEAD, OPTIONS');
    } finally {
      await close();
    }
  });
});

/** Type-level checks, compiled by tsc and never run. */
export function typeChecks(app: FastifyInstance) {
  app.get('/typed', async (request, reply) => {
    const input = await request.validate(z.object({ n: z.number() }));
    const n: number = input.n;
    // @ts-expect-error request.validate returns the schema's output type
    const wrong: string = input.n;
    // @ts-expect-error reply.created needs the Location
    reply.created();
    return reply.ok({ n, wrong }).header('x-chained', 'yes');
  });
}
