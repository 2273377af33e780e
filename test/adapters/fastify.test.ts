import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { ForbiddenError, NotFoundError, ok } from 'statuskit';
import { type AdapterOptions, guard, statuskit } from 'statuskit/fastify';
import { type Guard, maintenance, rateLimit } from 'statuskit/guards';
import { z } from 'zod';
import { startApp } from '../fixtures/statuskit-fastify.js';
import { assertError, describeContractRows } from './contract-rows.js';
import { call, head, raw, recordingLogger } from './http-client.js';

describeContractRows('statuskit/fastify', startApp);

/** A Fastify app with the plugin first, then the routes `build` adds, listening on a free port. */
async function serve(options: AdapterOptions, build: (app: FastifyInstance) => void) {
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

/** A guard that answers through a Promise: 403 on /denied, a header everywhere else. */
const asyncGuard: Guard = {
  name: 'async',
  check: async (request) =>
    request.path === '/denied'
      ? { headers: { 'x-guard': 'ran' }, error: new ForbiddenError('No entry') }
      : { headers: { 'x-guard': 'ran' } },
};

describe('statuskit/fastify: guards, etag, preconditions, deadline', () => {
  it('runs app-wide guards before routing (asynchronous ones too) and guard() per route', async () => {
    const mode = maintenance({ exemptPaths: ['/open', '/limited', '/denied', '/both'] });
    const options = { logger: false, guards: [mode, asyncGuard] } as const;
    const { url, close } = await serve(options, (app) => {
      app.get('/open', async (_request, reply) => reply.ok('open'));
      app.get('/denied', async (_request, reply) => reply.ok('never'));
      app.post('/limited', { preHandler: guard(rateLimit({ limit: 1 })) }, async (request, reply) =>
        reply.created('/x', request.body),
      );
      app.get('/both', { preHandler: guard(asyncGuard, rateLimit({ limit: 1 })) }, async (_r, reply) =>
        reply.ok(1),
      );
      app.get('/unguarded', { preHandler: guard() }, async (_request, reply) => reply.ok('free'));
    });
    try {
      const open = await call(`${url}/open`);
      assert.equal(open.status, 200);
      assert.equal(open.headers.get('x-guard'), 'ran');
      const denied = await call(`${url}/denied`);
      assertError(denied, 403, 'No entry');
      assert.equal(denied.headers.get('x-guard'), 'ran');
      const post = () => call(`${url}/limited`, json('[1]'));
      assert.deepEqual((await post()).json, { success: 'Created', data: [1] });
      const refused = await post();
      assertError(refused, 429, 'Too many requests');
      assert.match(refused.headers.get('ratelimit') ?? '', /r=0/);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal((await call(`${url}/both`)).status, 200);
      assertError(await call(`${url}/both`), 429, 'Too many requests');
      mode.enable({ retryAfter: 9 });
      assertError(await call(`${url}/unguarded`), 503, 'Down for maintenance');
      const down = await call(`${url}/nowhere`, { method: 'DELETE' });
      assertError(down, 503, 'Down for maintenance');
      assert.equal(down.headers.get('retry-after'), '9');
      assert.equal(down.headers.get('allow'), null);
    } finally {
      await close();
    }
  });

  it('answers a guard header Node refuses (CR/LF) with a 500 and writes none of it', async () => {
    const bad: Guard = { name: 'bad', check: () => ({ headers: { 'x-bad': 'a\r\nset-cookie: x=1' } }) };
    const { url, close } = await serve({ logger: false, guards: [bad] }, (app) => {
      app.get('/x', async (_request, reply) => reply.ok(1));
    });
    try {
      const answer = await call(`${url}/x`);
      assertError(answer, 500, 'Internal server error');
      assert.equal(answer.headers.get('set-cookie'), null);
      assert.equal(answer.headers.get('x-bad'), null);
    } finally {
      await close();
    }
  });

  it('answers 304 from reply.ok with etag on (weak), keeps a handler’s own ETag, and 412 from request.preconditions', async () => {
    const { url, close } = await serve({ logger: false, etag: 'weak' }, (app) => {
      app.get('/note', async (_request, reply) => reply.ok({ n: 1 }));
      app.patch('/note', async (request, reply) => {
        request.preconditions(request.etagFor({ n: 1 }));
        return reply.ok({ n: 2 });
      });
      app.get('/own', async (_request, reply) => reply.ok(1, { headers: { etag: '"v1"' } }));
      app.get('/set', async (_request, reply) => reply.header('etag', '"v2"').ok(2));
      app.get('/parts', async (_request, reply) => reply.sendParts(ok(3)));
    });
    try {
      const first = await call(`${url}/note`);
      const tag = first.headers.get('etag') ?? '';
      assert.match(tag, /^W\/"/);
      const again = await raw(url, head('GET', '/note', { 'if-none-match': tag }));
      assert.equal(again.status, 304);
      assert.equal(again.headers.etag, tag);
      assert.equal(again.headers['content-length'], undefined);
      assert.equal(again.body, '');
      const headAgain = await raw(url, head('HEAD', '/note', { 'if-none-match': tag }));
      assert.equal(headAgain.status, 304);
      assert.equal(headAgain.headers['content-length'], undefined);
      assertError(await call(`${url}/note`, { headers: { 'if-match': '"x"' } }), 412, 'Precondition failed');
      const patch = (headers: Record<string, string>) => call(`${url}/note`, { method: 'PATCH', headers });
      assertError(await patch({ 'if-match': tag }), 412, 'Precondition failed'); // weak never matches If-Match
      assert.equal((await patch({})).status, 200);
      const own = await raw(url, head('GET', '/own', { 'if-none-match': '"v1"' }));
      assert.equal(own.status, 304);
      assert.equal(own.headers.etag, '"v1"');
      assert.equal((await raw(url, head('GET', '/set', { 'if-none-match': '"v2"' }))).status, 304);
      assert.match((await call(`${url}/parts`)).headers.get('etag') ?? '', /^W\/"/);
    } finally {
      await close();
    }
    const plain = await serve({ logger: false }, (app) => {
      app.get('/note', async (_request, reply) => reply.ok({ n: 1 }));
    });
    try {
      const untagged = await call(`${plain.url}/note`, { headers: { 'if-none-match': '*' } });
      assert.equal(untagged.status, 200);
      assert.equal(untagged.headers.get('etag'), null);
    } finally {
      await plain.close();
    }
  });

  it("discards a late reply and a late raw write after the deadline's 503; the process stays up", async () => {
    let lateSent: () => void = () => {};
    const sent = new Promise<void>((resolve) => (lateSent = resolve));
    const { url, close } = await serve({ logger: false, deadlineMs: 50 }, (app) => {
      app.get('/late', async (_request, reply) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        reply.raw.setHeader('x-late', '1');
        reply.raw.write('late');
        reply.header('x-late', '2');
        reply.ok('again');
        lateSent();
        return reply;
      });
      app.get('/late-throw', async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw new Error('secret-token-123 after the deadline');
      });
      app.get('/fine', async (_request, reply) => reply.ok('fine'));
    });
    try {
      const answer = await call(`${url}/late`);
      assertError(answer, 503, 'Service unavailable');
      assert.equal(answer.headers.get('retry-after'), '1');
      assert.equal(answer.headers.get('x-late'), null);
      await sent;
      assertError(await call(`${url}/late-throw`), 503, 'Service unavailable');
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal((await call(`${url}/fine`)).status, 200);
    } finally {
      await close();
    }
  });

  it('logs a handler failure that comes after the deadline answered 503', async () => {
    const logger = recordingLogger();
    let failed: () => void = () => {};
    const done = new Promise<void>((resolve) => (failed = resolve));
    const { url, close } = await serve({ logger, deadlineMs: 50 }, (app) => {
      app.get('/late-throw', async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        setImmediate(failed);
        throw new Error('late failure');
      });
    });
    try {
      assertError(await call(`${url}/late-throw`), 503, 'Service unavailable');
      await done;
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(
        logger.logged.some((e) => (e as Error).message === 'late failure'),
        'the late failure reached the logger',
      );
    } finally {
      await close();
    }
  });

  it("drops a handler's header Node would refuse, and never answers in Fastify's format", async () => {
    const logger = recordingLogger();
    const { url, close } = await serve({ logger }, (app) => {
      app.get('/thrown', (_request, reply) => {
        reply.header('x-place', '東京');
        throw new NotFoundError('Nope');
      });
      app.get('/bad-name', (_request, reply) => {
        reply.header('bad name', 'x');
        throw new Error('secret-token-123 /srv/app.js');
      });
      app.get('/success', (_request, reply) => {
        reply.header('x-place', '東京');
        return reply.ok({ a: 1 });
      });
    });
    try {
      const thrown = await call(`${url}/thrown`);
      assertError(thrown, 404, 'Nope');
      assert.equal(thrown.headers.get('x-place'), null);
      const badName = await call(`${url}/bad-name`);
      assertError(badName, 500, 'Internal server error');
      assert.ok(!badName.text.includes('secret'));
      // The success could not be written: a server fault, answered as the generic 500.
      assertError(await call(`${url}/success`), 500, 'Internal server error');
      assert.ok(logger.logged.length >= 3);
    } finally {
      await close();
    }
  });

  it("gives a server without a request timeout Node's 300 s, so a trickled body gets 408", async () => {
    const { app, close } = await serve({ logger: false }, () => {});
    try {
      assert.equal(app.server.requestTimeout, 300_000);
    } finally {
      await close();
    }
  });

  it("answers a handler's thrown errors itself only where Fastify would hand them to statuskit", async () => {
    const logger = recordingLogger();
    const seen: string[] = [];
    const { url, close } = await serve({ logger }, (app) => {
      app.get('/async', async () => {
        throw new NotFoundError('No such note');
      });
      app.get('/sync', () => {
        throw new ForbiddenError('Not yours');
      });
      app.get('/crash', async () => {
        throw new Error('secret-in-message');
      });
      app.get(
        '/route-handler',
        { errorHandler: (_error, _request, reply) => void reply.code(409).send({ mine: 'route' }) },
        async () => {
          throw new NotFoundError();
        },
      );
      app.register(async (child) => {
        child.setErrorHandler(
          (error, _request, reply) => void reply.code(418).send({ mine: (error as Error).message }),
        );
        child.get('/child', async () => {
          throw new NotFoundError('from child');
        });
      });
      app.register(async (child) => {
        child.addHook('onError', async (_request, _reply, error) => void seen.push((error as Error).message));
        child.get('/hooked', async () => {
          throw new NotFoundError('hooked');
        });
      });
    });
    try {
      assertError(await call(`${url}/async`), 404, 'No such note');
      assertError(await call(`${url}/sync`), 403, 'Not yours');
      const crash = await call(`${url}/crash`);
      assertError(crash, 500, 'Internal server error');
      assert.ok(!crash.text.includes('secret'));
      assert.equal(
        (logger.logged[0] as Error).message,
        'secret-in-message',
        'the 500 is logged with its error',
      );
      const route = await call(`${url}/route-handler`);
      assert.deepEqual([route.status, route.json], [409, { mine: 'route' }], "a route's own error handler");
      const child = await call(`${url}/child`);
      assert.deepEqual(
        [child.status, child.json],
        [418, { mine: 'from child' }],
        "a plugin's own error handler",
      );
      assertError(await call(`${url}/hooked`), 404, 'hooked');
      assert.deepEqual(seen, ['hooked'], 'onError hooks still see the error');
    } finally {
      await close();
    }
  });

  it('refuses bad options and a route guard that is not one', async () => {
    const invalid = (e: unknown) => (e as { code?: string }).code === 'ERR_STATUSKIT_INVALID_OPTION';
    const bad = [{ etag: 'yes' as never }, { deadlineMs: -1 }, { guards: [{} as never] }, { bodyLimit: -1 }];
    for (const options of bad) {
      const app = Fastify();
      await assert.rejects(async () => {
        await app.register(statuskit, options);
        await app.ready();
      }, invalid);
    }
    assert.throws(() => guard({} as never), invalid);
  });
});

/** Type-level checks, compiled by tsc and never run. */
export function typeChecks(app: FastifyInstance) {
  app.get<{ Params: { id: string } }>(
    '/guarded/:id',
    { preHandler: guard(rateLimit({ limit: 1 })) },
    async (request, reply) => {
      request.preconditions(request.etagFor({ id: request.params.id }));
      // @ts-expect-error etagFor takes the data
      request.etagFor();
      return reply.ok({ id: request.params.id });
    },
  );
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
