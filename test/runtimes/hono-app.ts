/**
 * The Hono fixture app (test/fixtures/statuskit-hono.ts) built only from portable parts, for the
 * runtimes that are not Node: the same routes and options, answered by `statuskit/hono`; no
 * `@hono/node-server`. The one route that reads Node's response object there (`/late-error`
 * waits for the headers to be out) waits for a timer here instead. `@hapi/boom` needs Node's
 * `Buffer`, which Workers lack without `nodejs_compat`, so its error is passed in by the entries
 * that have it, and `/boom` exists only there.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import createError from 'http-errors';
import { ConflictError, HttpError, NotFoundError, TooManyRequestsError, validate } from 'statuskit';
import {
  type AdapterOptions,
  created,
  etagFor,
  guard,
  noContent,
  ok,
  preconditions,
  readJson,
  redirect,
  statuskit,
} from 'statuskit/hono';
import { z } from 'zod';
import { DOWN, fixtureGuards, HEALTH, LIMITED, SLOW, slowWork, TAGGED } from '../fixtures/guard-routes.js';
import { echoed, hostileValue, missingUser, placeLocation } from '../fixtures/hostile-routes.js';

/** The options the fixture apps are started with (test/fixtures/serve-on-free-port.ts). */
export const FIXTURE_OPTIONS: AdapterOptions = { bodyLimit: 1024, logger: false };

/** What an entry adds that not every runtime can load. */
export interface RuntimeExtras {
  /** `Boom.conflict('Boom conflict')`, where `@hapi/boom` loads. */
  boomConflict?: () => Error;
}

export function createPortableHonoApp(options: AdapterOptions = FIXTURE_OPTIONS, extras: RuntimeExtras = {}) {
  const app = statuskit(new Hono(), options);
  app.get('/items', (c) => ok(c, [{ id: 1 }]));
  app.post('/items', async (c) => created(c, '/items/2', await readJson(c)));
  app.get('/items/:id', (c) => {
    if (c.req.param('id') !== '1') throw new NotFoundError('Item not found');
    return ok(c, { id: 1 });
  });
  app.put('/items/:id', async (c) => ok(c, await readJson(c)));
  app.delete('/items/:id', (c) => noContent(c));
  app.get('/crash', () => {
    throw new Error('secret-token-123 at /srv/app.js:1');
  });
  app.get('/async-crash', async () => {
    await Promise.resolve();
    throw new Error('secret-token-123');
  });
  app.get('/http-errors', () => {
    throw createError(404, 'Gone missing');
  });
  app.get('/http-errors-500', () => {
    throw createError(500, 'secret-token-123');
  });
  const { boomConflict } = extras;
  if (boomConflict) {
    app.get('/boom', () => {
      throw boomConflict();
    });
  }
  app.get('/rate-limited', () => {
    throw new TooManyRequestsError(undefined, { retryAfter: 5 });
  });
  app.get('/exposed', () => {
    throw new HttpError(503, 'Back soon', { expose: true });
  });
  app.get('/coded', () => {
    throw new ConflictError('Title taken', { code: 'TITLE_TAKEN' });
  });
  app.get('/framework-error', () => {
    throw new HTTPException(403, { message: 'Nope' });
  });
  // A streamed body that fails once its first chunk and the headers are out.
  app.get('/late-error', (c) => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"success":'));
      },
      async pull() {
        if (pulls++ === 0) return;
        await new Promise((next) => setTimeout(next, 50));
        throw new Error('secret-token-123 after headers');
      },
    });
    return c.body(body, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
  app.post('/validate', async (c) =>
    ok(c, await validate(z.object({ name: z.string() }), await readJson(c))),
  );
  app.get('/redirect', (c) => redirect(c, '/items'));
  app.get('/no-content', (c) => noContent(c));
  app.get('/users/:name', (c) => {
    throw missingUser(c.req.param('name'));
  });
  app.get('/throw/:kind', (c) => {
    throw hostileValue(c.req.param('kind'));
  });
  app.post('/echo', async (c) => ok(c, echoed(await readJson(c))));
  app.post('/places/:name', (c) =>
    created(c, placeLocation(c.req.param('name')), { name: c.req.param('name') }),
  );
  const { limited, down } = fixtureGuards();
  app.get('/limited', guard(limited), (c) => ok(c, LIMITED));
  app.get('/down', guard(down), (c) => ok(c, DOWN));
  app.get('/tagged', (c) => ok(c, TAGGED));
  app.get('/health', (c) => ok(c, HEALTH));
  app.put('/tagged', (c) => {
    preconditions(c, etagFor(c, TAGGED));
    return ok(c, TAGGED);
  });
  app.get('/slow', async (c) => {
    await slowWork();
    return ok(c, SLOW);
  });
  return app;
}
