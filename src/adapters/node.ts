/**
 * statuskit for plain `node:http`: a small route table with `:param` patterns whose handlers get
 * the parsed JSON body and success helpers, and answer 404, 405 with `Allow`, OPTIONS, HEAD and 501
 * by themselves. Anything a handler throws is answered in the envelope. Guards run app-wide
 * (`guards` option) or per route (`app.guard(...)`); `etag` and `deadlineMs` work as everywhere.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StatuskitConfigError } from '../core/config-error.js';
import { isHttpError } from '../core/http-error.js';
import { resolveOptions } from '../core/options.js';
import { isValidPathEncoding, malformedPath } from '../core/request-rules.js';
import { type RouteHit, RouteTable, requestPath, unroutedAnswer } from '../core/route-table.js';
import { type AdapterOptions, joinGuards, resolveGuardOptions } from '../guards/adapter-options.js';
import type { Guard } from '../guards/types.js';
import { createErrorWriter } from './shared/error-writer.js';
import { checkGuard, conditionalKit, startResponseDeadline } from './shared/guard-io.js';
import { RequestContext } from './shared/node-context.js';
import { readJsonBody, requestHasBody, writeParts } from './shared/node-io.js';
import { configureServer } from './shared/server.js';

export { type AdapterOptions, configureServer, type RequestContext };

/**
 * The names of the `:param` segments of a pattern: `'id' | 'tag'` for `/notes/:id/tags/:tag`.
 *
 * @example
 * type Names = ParamNames<'/notes/:id'>; // 'id'
 */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/**
 * A route handler; it may throw or reject, and the error is answered in the envelope.
 *
 * @example
 * const show: NodeHandler<'id'> = (req, res, ctx) => ctx.ok({ id: ctx.params.id });
 */
export type NodeHandler<Name extends string = string> = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext<Name>,
) => unknown;

/**
 * Guards for one route, made by `app.guard(...)` and passed between the pattern and the handler.
 *
 * @example
 * const writes: RouteGuard = app.guard(rateLimit({ limit: 60 }));
 * app.post('/notes', writes, handler);
 */
export interface RouteGuard {
  readonly guard: Guard;
}

interface Route {
  <P extends string>(pattern: P, handler: NodeHandler<ParamNames<P>>): NodeApp;
  <P extends string>(pattern: P, guard: RouteGuard, handler: NodeHandler<ParamNames<P>>): NodeApp;
}

/**
 * An app made by {@link createApp}.
 *
 * @example
 * const app: NodeApp = createApp();
 * app.get('/health', (req, res, ctx) => ctx.ok('up'));
 */
export interface NodeApp {
  get: Route;
  post: Route;
  put: Route;
  patch: Route;
  delete: Route;
  /** Routes any method token, with optional route guards. @example app.route('OPTIONS', '/items', handler) */
  route<P extends string>(
    method: string,
    pattern: P,
    ...stack: [NodeHandler<ParamNames<P>>] | [RouteGuard, NodeHandler<ParamNames<P>>]
  ): NodeApp;
  /**
   * Guards for routes: run in order after the body has been read and before the handler; the first
   * error answers (429, 503…), headers such as RateLimit go on every answer.
   *
   * @example
   * app.post('/notes', app.guard(rateLimit({ limit: 60 })), (req, res, ctx) => ctx.created('/notes/1'));
   */
  guard(...guards: Guard[]): RouteGuard;
  /** The request listener: `http.createServer(app.handler)`. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts a server on `port` (default 3000) and `host` with {@link configureServer} applied. */
  listen(port?: number, host?: string): Promise<Server>;
}

interface Entry {
  handler: NodeHandler<any>;
  guard: Guard | undefined;
}

/**
 * Creates a `node:http` app. Bodies of matched routes are read and parsed as JSON before the
 * handler runs (415, 413 and 400 are answered for it). HEAD runs the GET handler without the body.
 * `guards` run on every request before routing; `etag` tags 200s to GET/HEAD and answers 304;
 * `deadlineMs` answers 503 for a handler that takes too long.
 *
 * @example
 * const app = createApp({ bodyLimit: 100_000, guards: [maintenance()], etag: 'strong' });
 * app.get('/notes/:id', (req, res, ctx) => ctx.ok({ id: ctx.params.id }));
 * await app.listen(3000, '127.0.0.1');
 */
export function createApp(options: AdapterOptions = {}): NodeApp {
  const resolved = resolveOptions(options);
  const guards = resolveGuardOptions(options);
  const routes = new RouteTable<Entry>();
  const writeError = createErrorWriter(resolved);
  const kit = conditionalKit(guards.etag, writeError);

  async function guarded(guard: Guard, req: IncomingMessage, res: ServerResponse, path: string) {
    const refused = checkGuard(guard, req, res, path);
    const error = refused instanceof Promise ? await refused : refused;
    if (error !== undefined) throw error;
  }

  /** Answers a request; synchronous until a guard, a body or the handler gives a promise. */
  function dispatch(req: IncomingMessage, res: ServerResponse): void {
    try {
      const path = requestPath(req.url);
      if (!isValidPathEncoding(path)) throw malformedPath();
      const pending = guards.guard ? guardedDispatch(req, res, path) : route(req, res, path);
      if (pending !== undefined) pending.then(undefined, (error: unknown) => writeError(req, res, error));
    } catch (error) {
      writeError(req, res, error);
    }
  }

  async function guardedDispatch(req: IncomingMessage, res: ServerResponse, path: string) {
    await guarded(guards.guard!, req, res, path);
    await route(req, res, path);
  }

  function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<unknown> | undefined {
    const method = req.method ?? 'GET';
    const hit = routes.match(method, path);
    if (!hit) {
      const answer = unroutedAnswer(method, routes.methodsFor(path));
      if (isHttpError(answer)) writeError(req, res, answer);
      else writeParts(req, res, answer);
      return undefined;
    }
    if (hit.handler.guard !== undefined || requestHasBody(req)) return prepared(req, res, path, hit);
    return run(req, res, hit, undefined);
  }

  async function prepared(req: IncomingMessage, res: ServerResponse, path: string, hit: RouteHit<Entry>) {
    const body = requestHasBody(req) ? await readJsonBody(req, resolved) : undefined;
    if (hit.handler.guard) await guarded(hit.handler.guard, req, res, path);
    await run(req, res, hit, body);
  }

  function run(
    req: IncomingMessage,
    res: ServerResponse,
    hit: RouteHit<Entry>,
    body: unknown,
  ): Promise<unknown> | undefined {
    if (guards.deadline) startResponseDeadline(guards.deadline, req, res, writeError);
    const ctx = new RequestContext(req, res, hit.params, body, resolved.validationStatus, kit);
    const result = hit.handler.handler(req, res, ctx);
    return isThenable(result) ? Promise.resolve(result) : undefined;
  }

  const on =
    (method: string): Route =>
    (pattern: string, ...stack: [NodeHandler] | [RouteGuard, NodeHandler]) =>
      app.route(method, pattern, ...stack);
  const app: NodeApp = {
    route(method, pattern, ...stack) {
      const [first, second] = stack;
      const handler = (second ?? first) as NodeHandler<any>;
      const guard = second === undefined ? undefined : (first as RouteGuard | undefined)?.guard;
      if (typeof handler !== 'function' || (second !== undefined && typeof guard?.check !== 'function')) {
        throw new StatuskitConfigError(
          'ERR_STATUSKIT_INVALID_ROUTE',
          `${String(method)} ${String(pattern)} needs a handler, optionally after app.guard(...).`,
          "route it as app.post('/notes', app.guard(limiter), handler).",
        );
      }
      routes.add(method, pattern, { handler, guard });
      return app;
    },
    get: on('GET'),
    post: on('POST'),
    put: on('PUT'),
    patch: on('PATCH'),
    delete: on('DELETE'),
    guard(...list) {
      const guard = joinGuards('app.guard', 'guards', list);
      return { guard: guard ?? { name: 'none', check: () => undefined } };
    },
    handler: function statuskitHandler(req, res) {
      dispatch(req, res);
    },
    listen(port = 3000, host) {
      const server = configureServer(createServer(app.handler), resolved);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server);
        });
      });
    },
  };
  return app;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
