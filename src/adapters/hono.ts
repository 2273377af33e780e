/**
 * statuskit for Hono 4, on any runtime: errors, unknown routes, wrong methods and bad paths in
 * statuskit's envelope, a JSON body reader with a size limit, success helpers that take the
 * context, and the guard options of every adapter (`guards`, `etag`, `deadlineMs`, plus `ip` for
 * runtimes other than Node) with route guards from `guard(...)`. `statuskit/hono/node` adds
 * `serve()` for Node.
 *
 * Hono internals this adapter touches (written against Hono 4.13 and @hono/node-server 2.1):
 * `app.router.add` (wrapped, so route handlers read their body first) and `app.router.match`,
 * `app.getPath`, `app.routes`, `app.fetch` and `app.basePath` (wrapped); `c.req.bodyCache`, so
 * Hono's readers find a body statuskit read; `c.env.incoming` under @hono/node-server (the Node
 * request: headers, socket address, a GET's body), Bun's `c.env.requestIP`, Deno's `c.env.remoteAddr`.
 *
 * @module
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { StatuskitConfigError } from '../core/config-error.js';
import type { ResponseParts } from '../core/envelope.js';
import { createErrorResponder, INTERNAL_ERROR } from '../core/error-response.js';
import { isHttpError } from '../core/http-error.js';
import { type ResolvedOptions, resolveOptions } from '../core/options.js';
import { isValidPathEncoding, leavesBody, malformedPath, type OwnBodies } from '../core/request-rules.js';
import { requestPath, unroutedAnswer } from '../core/route-table.js';
import type { SuccessOptions } from '../core/success.js';
import * as build from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate, validationError } from '../core/validate.js';
import { planWrite, type WritePlan } from '../core/write-plan.js';
import {
  type AdapterOptions,
  type EtagMode,
  joinGuards,
  type ResolvedGuardOptions,
  requireClientAddress,
  resolveGuardOptions,
} from '../guards/adapter-options.js';
import {
  checkPreconditions,
  conditionalSuccess,
  etagForData,
  requestPreconditions,
} from '../guards/conditional-response.js';
import { startDeadline } from '../guards/deadline.js';
import { invalidOption } from '../guards/options.js';
import type { Guard } from '../guards/types.js';
import { runGuardStep } from './shared/guard-step.js';
import { addOwnBodies, copyOwnBodies, markOwnBodies } from './shared/own-bodies.js';
import { firstContentType, readJsonRequest, webGuardRequest, webRequestHasBody } from './shared/web-io.js';

export type { AdapterOptions };

type AnyHono = Hono<any, any, any>;
type MiddlewareResult = ReturnType<MiddlewareHandler>;
type RouterEntry = [[unknown, { method: string }], unknown];

/**
 * What `statuskit(app, options)` takes: the options of every adapter, plus `ip`.
 *
 * @example
 * const options: HonoOptions = { etag: 'strong', ip: (c) => c.req.header('cf-connecting-ip') };
 */
export interface HonoOptions extends AdapterOptions {
  /**
   * The client address guards see (`GuardRequest.ip`, the rate-limit key by default). Default: the
   * peer address where the runtime tells it: Node with `@hono/node-server` (`c.env.incoming`),
   * Bun (`c.env.requestIP()`), Deno (`c.env.remoteAddr`). Cloudflare Workers tell none: pass a
   * header your platform sets, e.g. `(c) => c.req.header('cf-connecting-ip')`; without one, a
   * `rateLimit` keyed by address is refused at setup (`ERR_STATUSKIT_NO_CLIENT_ADDRESS`).
   */
  ip?: (c: Context) => string | undefined;
}

/** Where `statuskit(app)` leaves its options on `app.fetch`, for `serve()` in `statuskit/hono/node`. */
const OPTIONS_KEY = Symbol.for('statuskit.hono.options');
/** Where an app's settings ride on the requests it serves, for the helpers (one property set per request). */
const KIT = Symbol('statuskit.hono.kit');

type Tagged = Request & { [KIT]?: Kit };
type Fetch = (request: Request, env?: unknown, executionCtx?: unknown) => Response | Promise<Response>;

/** One app's settings, shared by its fetch, its middleware and the helpers. */
interface Kit {
  options: ResolvedOptions;
  etag: EtagMode;
  ip: (c: Context) => string | undefined;
  deadline: ResolvedGuardOptions['deadline'];
  /** Answers an error on a context through the app's responder (envelope or problem details). */
  fail(c: Context, error: unknown): Response;
  /** Answers an error before there is a context (bad path, body refused before routing). */
  answer(request: Request, error: unknown): Response;
}

/** What `@hono/node-server` passes as `env`: the Node request. */
interface NodeBindings {
  incoming?: {
    method?: string;
    headers?: Record<string, string | string[] | undefined>;
    socket?: { remoteAddress?: string };
  };
}

/** The Node request's own header object under `@hono/node-server` (no Web `Headers` needed). */
function nodeHeaders(env: unknown): Record<string, string | string[] | undefined> | undefined {
  const headers = (env as NodeBindings | undefined)?.incoming?.headers;
  return typeof headers === 'object' ? headers : undefined;
}

/**
 * The peer address as the runtime gives it to Hono's `env`: `@hono/node-server`'s Node request,
 * Bun's server (`requestIP`) or Deno's handler info (`remoteAddr`).
 */
function peerAddress(c: Context): string | undefined {
  const env = c.env as
    | (NodeBindings & {
        requestIP?: (request: Request) => { address?: string } | null;
        remoteAddr?: { hostname?: string };
      })
    | undefined;
  if (env === undefined || env === null) return undefined;
  if (typeof env.requestIP === 'function') return env.requestIP(c.req.raw)?.address ?? undefined;
  return env.incoming?.socket?.remoteAddress ?? env.remoteAddr?.hostname;
}

/** False on Cloudflare Workers, whose requests carry no connection information. */
function runtimeTellsAddress(): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  return agent !== 'Cloudflare-Workers';
}

/**
 * The body of a GET or HEAD under `@hono/node-server`: a Web `Request` cannot carry one, so it is
 * read from the Node request, which is async-iterable, as the Node adapters read it.
 */
function nodeBody(request: Request, env: unknown): AsyncIterable<Uint8Array> | undefined {
  if (request.body !== null) return undefined;
  const incoming = (env as NodeBindings | undefined)?.incoming as
    | Partial<AsyncIterable<Uint8Array>>
    | undefined;
  return typeof incoming?.[Symbol.asyncIterator] === 'function'
    ? (incoming as AsyncIterable<Uint8Array>)
    : undefined;
}

/** Whether the request is a HEAD (Hono runs it as GET), from the Node request when there is one. */
function isHead(c: Context): boolean {
  const method = (c.env as NodeBindings | undefined)?.incoming?.method;
  return (typeof method === 'string' ? method : c.req.method) === 'HEAD';
}

/** The request's `Accept`, from Node's header object when there is one. */
function acceptOf(c: Context): string | undefined {
  const headers = nodeHeaders(c.env);
  if (headers === undefined) return c.req.header('accept');
  const accept = headers.accept;
  return typeof accept === 'string' ? accept : undefined;
}

function makeKit(options: ResolvedOptions, guards: ResolvedGuardOptions, ip: Kit['ip']): Kit {
  const respond = createErrorResponder(options);
  return {
    options,
    etag: guards.etag,
    ip,
    deadline: guards.deadline,
    fail(c, error) {
      const parts = respond(error, acceptOf(c));
      try {
        return writeParts(c, parts);
      } catch (failure) {
        if (options.logger)
          options.logger.error(
            failure,
            'statuskit: the error answer could not be written; answered the generic 500',
          );
        return new Response(INTERNAL_ERROR.body!, { status: 500, headers: INTERNAL_ERROR.headers });
      }
    },
    answer(request, error) {
      const plan = planWrite(
        respond(error, request.headers.get('accept')),
        request.method,
        request.method === 'HEAD',
      );
      return new Response(plan.body ?? null, { status: plan.status, headers: plan.headers });
    },
  };
}

/** Apps' settings for requests that refuse a property (a frozen host object): looked up only then. */
const kits = new WeakMap<Request, Kit>();

function tag(request: Request, kit: Kit): void {
  try {
    (request as Tagged)[KIT] = kit;
  } catch {
    kits.set(request, kit);
  }
}

function kitOf(c: Context): Kit {
  const request = c.req.raw as Tagged;
  const kit = request[KIT] ?? kits.get(request);
  if (kit) return kit;
  throw new StatuskitConfigError(
    'ERR_STATUSKIT_NOT_STARTED',
    "statuskit's helpers were called on a request of an app that statuskit(app) was not installed on.",
    'call statuskit(new Hono(), options) and serve that app (its fetch) before using ok(c), readJson(c) and the other helpers.',
  );
}

/**
 * Turns response parts into a response on the context, as the write plan says: headers the
 * handler set with `c.header()` stay unless the parts name them, an error's `Cache-Control` and
 * default challenge yield to the handler's, and a HEAD answer carries GET's `Content-Length` (the
 * runtime drops the content of a HEAD answer).
 */
function writeParts(c: Context, parts: ResponseParts): Response {
  // The runtime frames the content; a HEAD answer, which has none, carries GET's length.
  const head = isHead(c);
  const plan = planWrite(parts, head ? 'HEAD' : c.req.method, head);
  for (const name of plan.remove) c.header(name, undefined);
  if (plan.status >= 400) return errorResponse(c, plan);
  if (plan.content === undefined) return c.body(null, plan.status as 200, plan.headers);
  return c.body(plan.content, plan.status as 200, plan.headers);
}

/**
 * An error response. Hono's own `c.body()` would turn two or more headers into a `Headers` object
 * (and `@hono/node-server` back into a plain one); when the handler set no header of its own, the
 * plain header object goes to `Response` as it is. Otherwise the handler's headers are kept (its
 * own where the plan yields) and the error's other headers win.
 */
function errorResponse(c: Context, plan: WritePlan): Response {
  let headers: HeadersInit = plan.headers;
  // What the handler set with c.header() (or an earlier response's headers), without touching c.
  const own = c.body(null).headers;
  if (own.keys().next().done !== true) {
    const merged = new Headers(own);
    merged.delete('content-type');
    merged.delete('content-length');
    for (const name in plan.headers) {
      if (!(plan.yields.includes(name) && merged.has(name))) merged.set(name, plan.headers[name]!);
    }
    headers = merged;
  }
  return new Response(plan.content ?? null, { status: plan.status, headers });
}

/**
 * Sends response parts (from `ok()`, `created()`, … of `statuskit`) on the context. Headers set
 * earlier with `c.header()` stay unless the parts name them, an error's `Cache-Control` yields to
 * the handler's, a HEAD answer carries GET's `Content-Length`, and with the `etag` option a 200 to
 * GET/HEAD gets an `ETag` or becomes a 304 (412 on a failed `If-Match`).
 *
 * @example
 * return sendParts(c, ok(notes)) // with `ok` from 'statuskit'
 */
export function sendParts(c: Context, parts: ResponseParts): Response {
  const kit = kitOf(c);
  if (kit.etag === false) return writeParts(c, parts);
  const preset =
    parts.status === 200 && parts.headers.etag === undefined ? c.res.headers.get('etag') : undefined;
  const out = conditionalSuccess(
    parts,
    requestPreconditions(c.req.method, (name) => c.req.header(name)),
    kit.etag,
    preset ?? undefined,
  );
  return isHttpError(out) ? kit.fail(c, out) : writeParts(c, out);
}

/** Whether a request carries a body, from Node's own header object under `@hono/node-server`. */
function requestHasBody(request: Request, env: unknown): boolean {
  const node = nodeHeaders(env);
  if (node === undefined) return webRequestHasBody(request);
  const length = node['content-length'];
  return (length !== undefined && length !== '0') || node['transfer-encoding'] !== undefined;
}

/**
 * Runs a guard for the request of `c`: its headers go on the context (so on every answer, errors
 * included) and its error is thrown, to be answered by `app.onError`. Synchronous when the guard is.
 */
function runGuard(guard: Guard, c: Context, kit: Kit): void | Promise<void> {
  const refused = runGuardStep(guard, webGuardRequest(c.req.raw, c.req.path, kit.ip(c)), c, setContextHeader);
  return refused instanceof Promise ? refused.then(throwIfSet) : throwIfSet(refused);
}

function setContextHeader(c: Context, name: string, value: string): void {
  c.header(name, value);
}

function throwIfSet(error: unknown): void {
  if (error !== undefined) throw error;
}

/** Runs the handler chain with the app's deadline: its 503 answers if `next()` is still running. */
function withDeadline(
  c: Context,
  next: () => Promise<void>,
  kit: Kit,
  deadline: NonNullable<Kit['deadline']>,
): Promise<Response | undefined> {
  return new Promise((resolve, reject) => {
    // Hono keeps the first response a middleware returns once the context is finalized, so
    // whatever the handler answers after the 503 is dropped.
    const running = startDeadline(deadline.ms, (error) => resolve(kit.fail(c, error)), {
      retryAfter: deadline.retryAfter,
    });
    next().then(
      () => {
        running.cancel();
        resolve(undefined);
      },
      (error: unknown) => {
        running.cancel();
        reject(error);
      },
    );
  });
}

/**
 * Installs statuskit on a Hono app: `onError` (any thrown error → its status in the envelope, 5xx
 * hidden and logged), `notFound` (404, 405 with `Allow`, OPTIONS → 204 with `Allow`, 501 for unknown
 * methods, from the app's own routes), a wrapped `app.fetch` that answers 400 to bad
 * percent-encoding, and routes that read their JSON body first thing (`readJson`; 415, 413, 400),
 * after the app's middleware, unless `accepts(...)` leaves it to the route's own parser. With
 * app-wide `guards` or `deadlineMs`, a first middleware runs the guards and starts the clock.
 * `etag` applies to the success helpers. Call it before adding routes, on the app you serve.
 *
 * @example
 * const app = statuskit(new Hono(), { bodyLimit: 100_000, etag: 'strong', guards: [maintenance()] });
 * app.get('/notes', (c) => ok(c, store.list()));
 */
export function statuskit<A extends AnyHono>(app: A, options: HonoOptions = {}): A {
  if (app.routes.some((route) => route.method !== 'ALL')) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_ROUTES_FIRST',
      'statuskit(app) was called after routes were added, so its middleware would run after them.',
      'call statuskit(app) right after new Hono(), before app.get(), app.post() and app.route().',
    );
  }
  const resolved = resolveOptions(options);
  const guards = resolveGuardOptions(options);
  if (options.ip !== undefined && typeof options.ip !== 'function') {
    invalidOption(
      'statuskit',
      'ip',
      options.ip,
      'pass (c) => address, e.g. (c) => getConnInfo(c).remote.address.',
    );
  }
  const noAddress = options.ip === undefined && !runtimeTellsAddress();
  if (noAddress) requireClientAddress(guards.guard, 'Cloudflare Workers');
  const kit = makeKit(resolved, guards, options.ip ?? peerAddress);
  const { fail, deadline } = kit;
  const appGuard = guards.guard;

  /**
   * Whether statuskit reads the body of a request that has one: one sent to a route (not
   * only middleware) of the app, of a media type none of its matched handlers' own parsers take.
   */
  const readsBody = (request: Request, env: unknown): boolean => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const entries = app.router.match(method, app.getPath(request, { env }))[0] as RouterEntry[];
    if (!entries.some(([[, route]]) => route.method !== 'ALL')) return false;
    let own: OwnBodies = [];
    for (const [[handler]] of entries) own = addOwnBodies(own, handler);
    return !leavesBody(firstContentType(request), own);
  };

  // The body is read by the route itself, first thing: after the app's middleware (CORS, security
  // headers, auth) has run, so statuskit's 415, 413 and 400 carry their headers too. Every route
  // handler the app adds is wrapped as Hono stores it (app.get(), app.route(), basePath() apps).
  const add = app.router.add.bind(app.router);
  app.router.add = (method: string, path: string, entry: unknown) => {
    const [handler, route] = entry as [MiddlewareHandler, unknown];
    // A route guard meets its app here, at setup: one keyed by address where none can be found is refused.
    if (noAddress) requireClientAddress(routeGuards.get(handler), 'Cloudflare Workers');
    if (method === 'ALL') return add(method, path, entry as never);
    return add(method, path, [withBody(handler), route] as never);
  };
  const withBody = (handler: MiddlewareHandler): MiddlewareHandler => {
    const wrapped: MiddlewareHandler = function statuskitRoute(c, next) {
      const request = c.req.raw;
      // Cheapest first: most requests carry no body; a chain's later handlers find it read.
      if (
        !resolved.readBodies ||
        !requestHasBody(request, c.env) ||
        bodies.has(request) ||
        !readsBody(request, c.env)
      ) {
        return handler(c, next);
      }
      return readIntoContext(c, resolved).then(() => handler(c, next));
    };
    return copyOwnBodies(handler, wrapped);
  };

  /** Wraps the fetch of the app and of every app `basePath()` derives from it (they share routes). */
  const wrap = (target: AnyHono): void => {
    const dispatch = target.fetch as Fetch;
    /** Hono hands only `Error` instances to `onError`: anything else thrown is answered here. */
    const statuskitFetch: Fetch = (request, env, executionCtx) => {
      tag(request, kit);
      const url = request.url;
      if (url.includes('%') && !isValidPathEncoding(requestPath(url))) {
        return kit.answer(request, malformedPath());
      }
      try {
        const response = dispatch(request, env, executionCtx);
        return response instanceof Promise
          ? response.catch((error: unknown) => kit.answer(request, error))
          : response;
      } catch (error) {
        return kit.answer(request, error);
      }
    };
    Object.defineProperty(statuskitFetch, OPTIONS_KEY, { value: resolved });
    (target as { fetch: Fetch }).fetch = statuskitFetch;
    const basePath = target.basePath;
    (target as { basePath: (path: string) => AnyHono }).basePath = function (this: AnyHono, path: string) {
      const derived = basePath.call(this, path) as AnyHono;
      wrap(derived);
      return derived;
    };
  };
  wrap(app);

  // App-wide guards and the deadline run in a first middleware, before the body is read.
  if (appGuard !== undefined || deadline !== undefined) {
    const afterGuards = (c: Context, next: () => Promise<void>): MiddlewareResult =>
      deadline ? withDeadline(c, next, kit, deadline) : next();
    app.use('*', function statuskitMiddleware(c, next) {
      if (appGuard) {
        const checked = runGuard(appGuard, c, kit);
        if (checked instanceof Promise) return checked.then(() => afterGuards(c, next));
      }
      return afterGuards(c, next);
    });
  }
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
    const answer = unroutedAnswer(c.req.method, handled);
    return isHttpError(answer) ? fail(c, answer) : writeParts(c, answer);
  });
  return app;
}

/**
 * Route middleware running guards in order: the first error answers (429, 503…) through the app's
 * `onError`, and headers such as RateLimit go on every answer. It runs after statuskit read the
 * body. Guards may answer through a Promise (Redis).
 *
 * @example
 * import { rateLimit } from 'statuskit/guards';
 * const writes = guard(rateLimit({ limit: 60, windowMs: 60_000 }));
 * app.post('/notes', writes, async (c) => created(c, '/notes/1', await readJson(c)));
 */
export function guard(...guards: Guard[]): MiddlewareHandler {
  const joined = joinGuards('guard', 'guards', guards);
  const middleware: MiddlewareHandler = function statuskitGuard(c, next) {
    if (!joined) return next();
    const kit = kitOf(c);
    // Routes added through the app's router were checked at setup; this covers a guard called another way.
    if (kit.ip === peerAddress && !runtimeTellsAddress()) requireClientAddress(joined, 'Cloudflare Workers');
    const checked = runGuard(joined, c, kit);
    return checked instanceof Promise ? checked.then(next) : next();
  };
  if (joined) routeGuards.set(middleware, joined);
  return middleware;
}

/** The guards of each route middleware {@link guard} made, for the check at route registration. */
const routeGuards = new WeakMap<MiddlewareHandler, Guard>();

const bodies = new WeakMap<Request, Promise<unknown>>();

/**
 * Reads the body of a route's request before its handler (rejects with 415, 413 or 400): Hono's
 * body cache gets the text, so `c.req.json()`, `c.req.text()` and Hono's validators still find
 * it, and `readJson` the parsed value. No `clone()`: a teed stream is warned about on Deno.
 */
async function readIntoContext(c: Context, options: ResolvedOptions): Promise<void> {
  const request = c.req.raw;
  const value = readJsonRequest(
    request,
    options,
    (text) => {
      (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
    },
    nodeBody(request, c.env),
  );
  bodies.set(request, value);
  await value;
}

/**
 * Reads the request body as JSON within the app's `bodyLimit`: `undefined` when there is none, 415
 * for a non-JSON content type, 413 before reading when `Content-Length` is over the limit and as
 * soon as a streamed body passes it, 400 when malformed. With a Standard Schema (zod, valibot,
 * arktype) it also validates: 400 (or `validationStatus`) with `details`. Reading twice is fine.
 * statuskit has already read the body of a request to a route, so this returns that value.
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
  const { options } = kitOf(c);
  const request = c.req.raw;
  let body = bodies.get(request);
  if (!body) {
    // Not read before the handler (no route took it when statuskit looked, a GET): read it now.
    body = readJsonRequest(request, options, (text) => {
      // Hono's own c.req.json(), c.req.text() and validators read from this cache afterwards.
      (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
    });
    bodies.set(request, body);
  }
  return schema ? body.then((value) => validate(schema, value, { status: options.validationStatus })) : body;
}

/**
 * Throws `PreconditionFailedError` (412) when `If-Match` / `If-None-Match` / `If-Unmodified-Since`
 * fail against the resource's current ETag (`undefined`: it does not exist), per RFC 9110 §13.2.2.
 * Call it before changing anything; on GET and HEAD a matching `If-None-Match` is left to `ok()` (304).
 *
 * @example
 * app.put('/notes/:id', async (c) => {
 *   preconditions(c, etagFor(c, store.get(c.req.param('id')))); // stale If-Match → 412
 *   return ok(c, await store.replace(c.req.param('id'), await readJson(c)));
 * });
 */
export function preconditions(c: Context, currentEtag: string | undefined, lastModified?: Date): void {
  checkPreconditions(
    requestPreconditions(c.req.method, (name) => c.req.header(name)),
    currentEtag,
    lastModified,
  );
}

/**
 * The ETag `ok(c, data)` sends on GET under the app's `etag` option (strong when it is off).
 *
 * @example
 * return created(c, `/notes/${note.id}`, note, { headers: { etag: etagFor(c, note) } });
 */
export function etagFor(c: Context, data: unknown): string {
  return etagForData(data, kitOf(c).etag);
}

/** 200 with `data` in the envelope (ETag / 304 with the `etag` option). @example return ok(c, notes) */
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

/**
 * Route middleware saying that the route's own parsers take these media types (`type/*` allowed):
 * statuskit neither reads nor refuses such bodies there, so `c.req.parseBody()`, `c.req.text()`
 * and form validators get them untouched.
 *
 * @example
 * app.post('/upload', accepts('multipart/form-data'), async (c) => created(c, '/files/1', await c.req.parseBody()));
 */
export function accepts(...types: string[]): MiddlewareHandler {
  return markOwnBodies<MiddlewareHandler>(function statuskitAccepts(_c, next) {
    return next();
  }, types);
}

/**
 * The hook for validator middleware such as `@hono/zod-validator`: a failure is statuskit's 400
 * (or `validationStatus`) `Validation failed` with one detail per issue, in the envelope.
 *
 * @example
 * app.post('/notes', zValidator('json', noteSchema, validationHook), (c) => created(c, '/notes/1', c.req.valid('json')));
 */
export function validationHook(
  result: {
    success: boolean;
    error?: {
      issues?: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }>;
    };
  },
  c: Context,
): void {
  if (!result.success) throw validationError(result.error?.issues ?? [], kitOf(c).options.validationStatus);
}
