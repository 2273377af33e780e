/**
 * statuskit for Hono 4, on any runtime: errors, unknown routes, wrong methods and bad paths in
 * statuskit's envelope, a JSON body reader with a size limit, and success helpers that take the
 * context. `statuskit/hono/node` adds `serve()` for Node.
 *
 * @module
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { StatuskitConfigError } from '../core/config-error.js';
import type { ResponseParts } from '../core/envelope.js';
import { createErrorResponder } from '../core/error-response.js';
import { type ResolvedOptions, resolveOptions, type StatuskitOptions } from '../core/options.js';
import { hasBody, isValidPathEncoding, malformedPath } from '../core/request-rules.js';
import { answerUnrouted, requestPath } from '../core/route-table.js';
import type { SuccessOptions } from '../core/success.js';
import * as build from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { readJsonRequest } from './shared/web-io.js';

export type { StatuskitOptions, SuccessOptions };

type AnyHono = Hono<any, any, any>;
type RouterEntry = [[unknown, { method: string }], unknown];

/** Where `statuskit(app)` leaves its options on `app.fetch`, for `serve()` in `statuskit/hono/node`. */
const OPTIONS_KEY = Symbol.for('statuskit.hono.options');
const DEFAULTS = resolveOptions();
const NON_ASCII = /[\u0080-\uffff]/;
const encoder = new TextEncoder();

/** Each app's options, found from its middleware among the routes a request matched. */
const installed = new WeakMap<object, ResolvedOptions>();

function optionsOf(c: Context): ResolvedOptions {
  for (const route of c.req.matchedRoutes) {
    const options = installed.get(route.handler);
    if (options) return options;
  }
  return DEFAULTS;
}

/**
 * Turns response parts into a response on the context: headers the handler set with `c.header()`
 * stay unless the parts name them, an error's `Cache-Control` yields to the handler's, and a HEAD
 * answer carries GET's `Content-Length`.
 *
 * @example
 * return sendParts(c, ok(notes)) // with `ok` from 'statuskit'
 */
export function sendParts(c: Context, parts: ResponseParts): Response {
  const { status, body } = parts;
  let headers = parts.headers;
  if (body === undefined) {
    if (status !== 205) {
      c.header('content-type', undefined);
      c.header('content-length', undefined);
    }
    return c.body(null, status as 200, headers);
  }
  if (c.req.method === 'HEAD') headers = { ...headers, 'content-length': String(byteLength(body)) };
  const noStore = status >= 400 ? headers['cache-control'] : undefined;
  if (noStore === undefined) return c.body(body, status as 200, headers);
  const { 'cache-control': _, ...rest } = headers;
  const response = c.body(body, status as 200, rest);
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', noStore);
  return response;
}

function sentBody(c: Context): boolean {
  const contentLength = c.req.header('content-length');
  const transferEncoding = c.req.header('transfer-encoding');
  return hasBody({ contentType: undefined, contentLength, transferEncoding });
}

function byteLength(text: string): number {
  return NON_ASCII.test(text) ? encoder.encode(text).byteLength : text.length;
}

/**
 * Installs statuskit on a Hono app: `onError` (any thrown error → its status in the envelope, 5xx
 * hidden and logged), `notFound` (404, 405 with `Allow`, OPTIONS → 204 with `Allow`, 501 for unknown
 * methods, from the app's own routes), and a first middleware that answers 400 to bad
 * percent-encoding and hands the options to `readJson`. Call it before adding routes.
 *
 * @example
 * const app = statuskit(new Hono(), { bodyLimit: 100_000 });
 * app.get('/notes', (c) => ok(c, store.list()));
 */
export function statuskit<A extends AnyHono>(app: A, options: StatuskitOptions = {}): A {
  if (app.routes.some((route) => route.method !== 'ALL')) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_ROUTES_FIRST',
      'statuskit(app) was called after routes were added, so its middleware would run after them.',
      'call statuskit(app) right after new Hono(), before app.get(), app.post() and app.route().',
    );
  }
  const resolved = resolveOptions(options);
  const respond = createErrorResponder(resolved);
  const fail = (c: Context, error: unknown) => sendParts(c, respond(error, c.req.header('accept')));
  Object.defineProperty(app.fetch, OPTIONS_KEY, { value: resolved });

  const first: MiddlewareHandler = function statuskitMiddleware(c, next) {
    const url = c.req.url;
    if (url.includes('%') && !isValidPathEncoding(requestPath(url))) {
      return Promise.resolve(fail(c, malformedPath()));
    }
    // A body sent to a route is read before the handler, as the other adapters do: 415, 413, 400.
    if (sentBody(c) && c.req.matchedRoutes.some((route) => route.method !== 'ALL')) {
      return readJson(c).then(() => next());
    }
    return next();
  };
  installed.set(first, resolved);
  app.use('*', first);
  app.onError((error, c) => fail(c, error));

  let methods: string[] = [];
  let counted = -1;
  app.notFound((c) => {
    if (counted !== app.routes.length) {
      methods = [...new Set(app.routes.map((r) => r.method))].filter((m) => m !== 'ALL');
      counted = app.routes.length;
    }
    const path = c.req.path;
    const handled = methods.filter((method) =>
      (app.router.match(method, path)[0] as RouterEntry[]).some(([[, route]]) => route.method === method),
    );
    try {
      return sendParts(c, answerUnrouted(c.req.method, handled));
    } catch (error) {
      return fail(c, error);
    }
  });
  return app;
}

const bodies = new WeakMap<Request, Promise<unknown>>();

/**
 * Reads the request body as JSON within the app's `bodyLimit`: `undefined` when there is none, 415
 * for a non-JSON content type, 413 before reading when `Content-Length` is over the limit and as
 * soon as a streamed body passes it, 400 when malformed. With a Standard Schema (zod, valibot,
 * arktype) it also validates: 400 (or `validationStatus`) with `details`. Reading twice is fine.
 *
 * @example
 * app.post('/notes', async (c) => {
 *   const input = await readJson(c, noteSchema);
 *   return created(c, `/notes/${id}`, input);
 * });
 */
export function readJson(c: Context): Promise<unknown>;
export function readJson<S extends StandardSchemaV1>(c: Context, schema: S): Promise<InferOutput<S>>;
export function readJson(c: Context, schema?: StandardSchemaV1): Promise<unknown> {
  const options = optionsOf(c);
  const request = c.req.raw;
  let body = bodies.get(request);
  if (!body) {
    body = readJsonRequest(request, options.bodyLimit, (text) => {
      // Hono's own c.req.json(), c.req.text() and validators read from this cache afterwards.
      (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
    });
    bodies.set(request, body);
  }
  return schema ? body.then((value) => validate(schema, value, { status: options.validationStatus })) : body;
}

/** 200 with `data` in the envelope. @example return ok(c, notes) */
export function ok(c: Context, data?: unknown, options?: SuccessOptions): Response {
  return sendParts(c, build.ok(data, options));
}

/** 201 with `Location` and `data`. @example return created(c, `/notes/${note.id}`, note) */
export function created(c: Context, location: string, data?: unknown, options?: SuccessOptions): Response {
  return sendParts(c, build.created(location, data, options));
}

/** 202 with `data`. @example return accepted(c, { job: '/jobs/7' }) */
export function accepted(c: Context, data?: unknown, options?: SuccessOptions): Response {
  return sendParts(c, build.accepted(data, options));
}

/** 204, no body. @example return noContent(c) */
export function noContent(c: Context, options?: Pick<SuccessOptions, 'headers'>): Response {
  return sendParts(c, build.noContent(options));
}

/** Any 1xx–3xx code in the envelope (none for 204/304). @example return success(c, 304, undefined, { headers: { etag } }) */
export function success(c: Context, status: number, data?: unknown, options?: SuccessOptions): Response {
  return sendParts(c, build.success(status, data, options));
}

/** A redirect (default 302) with `Location` and a success body. @example return redirect(c, '/notes/1', 303) */
export function redirect(c: Context, location: string, status?: number, options?: SuccessOptions): Response {
  return sendParts(c, build.redirect(location, status, options));
}
