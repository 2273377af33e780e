/**
 * statuskit for Express 4 and 5: `app.use(sk.start)` first, `app.use(sk.end)` last. Between them,
 * routes get `req.body` parsed as JSON and success helpers on `res`; unknown routes, wrong methods,
 * OPTIONS and every error are answered in the envelope, never by Express's final handler. Guards
 * run app-wide (`guards` option) or per route (`sk.guard(...)`); on Express 4 a rejected promise
 * from any handler is answered too.
 *
 * Express internals this adapter reads (written against Express 4.22 and 5.3): the router stack
 * (`app._router` on 4, `app.router` on 5) with its layers' `route`, `match()` / `regexp` and
 * `handle`, to know a path's methods and the parsers in front of a route (express-router.ts);
 * `layer.handle_request` on Express 4, to catch rejected promises; `req._body`, body-parser's
 * mark that a body was read; the `request` / `response` prototypes of `req.app`, for the helpers.
 *
 * @module
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { StatuskitConfigError } from '../core/config-error.js';
import type { ResponseParts } from '../core/envelope.js';
import { isHttpError } from '../core/http-error.js';
import { resolveOptions } from '../core/options.js';
import { isValidPathEncoding, leavesBody, malformedPath } from '../core/request-rules.js';
import { requestPath, unroutedAnswer } from '../core/route-table.js';
import type * as build from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { type AdapterOptions, joinGuards, resolveGuardOptions } from '../guards/adapter-options.js';
import type { Guard } from '../guards/types.js';
import { catchRejections, handles, ownBodies, routedMethods, wrapAsync } from './express-router.js';
import { createErrorWriter } from './shared/error-writer.js';
import { type ConditionalKit, checkGuard, conditionalKit, startResponseDeadline } from './shared/guard-io.js';
import { readJsonBody, requestHasBody, writeParts } from './shared/node-io.js';
import { markOwnBodies } from './shared/own-bodies.js';
import { configureServer } from './shared/server.js';
import { SUCCESS_HELPERS } from './shared/success-helpers.js';

export { type AdapterOptions, configureServer, wrapAsync };

declare global {
  namespace Express {
    interface Response {
      /** 200 with `data` in the envelope (ETag / 304 with the `etag` option). @example res.ok(notes) */
      ok(data?: unknown, options?: build.SuccessOptions): this;
      /** 201 with `Location`. @example res.created(`/notes/${note.id}`, note) */
      created(location: string, data?: unknown, options?: build.SuccessOptions): this;
      /** 202. @example res.accepted({ job: 7 }) */
      accepted(data?: unknown, options?: build.SuccessOptions): this;
      /** 204, no body. @example res.noContent() */
      noContent(options?: Pick<build.SuccessOptions, 'headers'>): this;
      /** A redirect in the envelope (default 302). @example res.redirectTo('/notes', 303) */
      redirectTo(location: string, status?: number, options?: build.SuccessOptions): this;
      /** Any 1xx–3xx success. @example res.success(203, data) */
      success(status: number, data?: unknown, options?: build.SuccessOptions): this;
      /** Writes response parts from statuskit's builders. @example res.sendParts(ok(notes)) */
      sendParts(parts: ResponseParts): this;
    }
    interface Request {
      /**
       * Validates `req.body` (or `value`) with a Standard Schema: 400 (or `validationStatus`) with `details`.
       * @example const input = await req.validate(noteSchema)
       */
      validate<S extends StandardSchemaV1>(schema: S, value?: unknown): Promise<InferOutput<S>>;
      /**
       * Throws 412 when `If-Match` / `If-None-Match` / `If-Unmodified-Since` fail against the
       * resource's current ETag (`undefined`: it does not exist). @example req.preconditions(req.etagFor(note))
       */
      preconditions(currentEtag: string | undefined, lastModified?: Date): void;
      /** The ETag `res.ok(data)` sends on GET under the `etag` option (strong when off). @example req.etagFor(note) */
      etagFor(data: unknown): string;
    }
  }
}

/**
 * What {@link statuskit} returns: middleware for the start and the end of an Express app.
 *
 * @example
 * const sk: ExpressStatuskit = statuskit();
 * app.use(sk.start);
 * app.use(sk.end);
 */
export interface ExpressStatuskit {
  /** First middleware: path-encoding check (400), app-wide guards, JSON bodies of routed requests, helpers. */
  start: RequestHandler;
  /** Last middleware: 404 / 405 with `Allow` / OPTIONS 204 / 501, then the error handler. */
  end: [RequestHandler, ErrorRequestHandler];
  /**
   * Route middleware running guards in order: the first error answers (429, 503…), headers such as
   * RateLimit go on every answer. @example app.post('/notes', sk.guard(limiter), handler)
   */
  guard(...guards: Guard[]): RequestHandler<any>;
  /**
   * Route middleware saying that the route's own parsers take these media types (`type/*`
   * allowed): statuskit neither reads nor refuses such bodies there. Not needed in front of
   * body-parser (`express.json()`, `.urlencoded()`, `.raw()`, `.text()`) or multer, which are
   * recognised. @example app.post('/upload', sk.accepts('multipart/form-data'), uploads, handler)
   */
  accepts(...types: string[]): RequestHandler<any>;
}

/** What the helpers of one statuskit instance need; `sk.start` puts it on each response. */
interface Instance {
  kit: ConditionalKit;
  validation: { status: 400 | 422 };
}

const INSTANCE = Symbol('statuskit.express');
type Started = { [INSTANCE]?: Instance };

/** The statuskit instance that started this response; a clear error when `sk.start` did not run. */
function instanceOf(res: Response | undefined): Instance {
  const found = (res as Started | undefined)?.[INSTANCE];
  if (found) return found;
  throw new StatuskitConfigError(
    'ERR_STATUSKIT_NOT_STARTED',
    "statuskit's helpers were called on a request that sk.start did not see.",
    'app.use(sk.start) before the routes that use res.ok(), req.validate() and the other helpers.',
  );
}

const onResponse = {
  ...SUCCESS_HELPERS,
  sendParts(this: Response, parts: ResponseParts) {
    instanceOf(this).kit.send(this.req, this, parts);
    return this;
  },
};

const onRequest = {
  validate(this: Request, schema: StandardSchemaV1, value: unknown = this.body) {
    return validate(schema, value, instanceOf(this.res).validation);
  },
  preconditions(this: Request, currentEtag: string | undefined, lastModified?: Date) {
    instanceOf(this.res).kit.preconditions(this, currentEtag, lastModified);
  },
  etagFor(this: Request, data: unknown) {
    return instanceOf(this.res).kit.etagFor(data);
  },
};

/**
 * Puts the helpers where every request of this copy of Express finds them: on the request and
 * response prototypes Express's apps (and mounted sub-apps) inherit from, so no request pays for
 * copying them. Without an Express app behind the request, they go on the objects themselves.
 */
function install(req: Request, res: Response): void {
  const app = req.app as { request?: object; response?: object } | undefined;
  const requestBase = app?.request && Object.getPrototypeOf(app.request);
  const responseBase = app?.response && Object.getPrototypeOf(app.response);
  const inherits = (base: object | undefined, object: object) =>
    base !== undefined && Object.prototype.isPrototypeOf.call(base, object);
  const shared = inherits(requestBase, req) && inherits(responseBase, res);
  Object.assign(shared ? responseBase : res, onResponse);
  Object.assign(shared ? requestBase : req, onRequest);
}

/**
 * Creates statuskit's middleware for an Express 4 or 5 app.
 *
 * @example
 * const sk = statuskit({ bodyLimit: 100_000, etag: 'strong', guards: [maintenance()] });
 * app.use(sk.start);
 * app.post('/notes', sk.guard(rateLimit({ limit: 60 })), (req, res) => res.created('/notes/1', req.body));
 * app.use(sk.end);
 * configureServer(app.listen(3000), { bodyLimit: 100_000 });
 */
export function statuskit(options: AdapterOptions = {}): ExpressStatuskit {
  const resolved = resolveOptions(options);
  const guards = resolveGuardOptions(options);
  const writeError = createErrorWriter(resolved);
  const state: Instance = {
    kit: conditionalKit(guards.etag, writeError),
    validation: { status: resolved.validationStatus },
  };

  /** Runs a guard and calls `next()` or `next(error)`; synchronous when the guard is. */
  function guarded(guard: Guard, req: Request, res: Response, next: NextFunction, then = next): void {
    const refused = checkGuard(guard, req, res, req.originalUrl);
    if (refused instanceof Promise)
      void refused.then((error) => (error === undefined ? then() : next(error)));
    else if (refused === undefined) then();
    else next(refused);
  }

  function start(req: Request, res: Response, next: NextFunction): void {
    (res as Started)[INSTANCE] = state;
    if (res.sendParts !== onResponse.sendParts || req.etagFor !== onRequest.etagFor) install(req, res);
    catchRejections(req.app);
    const url = req.url;
    if (url.includes('%') && !isValidPathEncoding(requestPath(url))) next(malformedPath());
    else if (guards.guard) guarded(guards.guard, req, res, next, () => readBody(req, res, next));
    else readBody(req, res, next);
  }

  function readBody(req: Request, res: Response, next: NextFunction): void {
    const raw = req as Request & { _body?: boolean };
    if (raw._body || !resolved.readBodies || !requestHasBody(req) || req.readableEnded) {
      proceed(req, res, next);
      return;
    }
    const path = requestPath(req.url);
    if (
      !handles(routedMethods(req.app, path), req.method) ||
      leavesBody(req.headers['content-type'], ownBodies(req.app, path, req.method))
    ) {
      proceed(req, res, next);
      return;
    }
    // The bytes stay readable as `req.rawBody`, as with body-parser's `verify` (webhook signatures).
    readJsonBody(req, resolved, (bytes) => ((req as unknown as { rawBody: Buffer }).rawBody = bytes)).then(
      (body) => {
        req.body = body;
        raw._body = true; // body-parser's mark: a parser after statuskit reads nothing again
        proceed(req, res, next);
      },
      next,
    );
  }

  function proceed(req: Request, res: Response, next: NextFunction): void {
    if (guards.deadline) startResponseDeadline(guards.deadline, req, res, writeError);
    next();
  }

  function unrouted(req: Request, res: Response, next: NextFunction): void {
    const methods = routedMethods(req.app, requestPath(req.url));
    const answer = unroutedAnswer(req.method, methods);
    if (isHttpError(answer)) next(answer);
    else writeParts(req, res, answer);
  }

  function onError(error: unknown, req: Request, res: Response, _next: NextFunction): void {
    writeError(req, res, error);
  }

  function accepts(...types: string[]): RequestHandler<any> {
    return markOwnBodies(function statuskitAccepts(_req: Request, _res: Response, next: NextFunction) {
      next();
    }, types);
  }

  function guard(...list: Guard[]): RequestHandler<any> {
    const joined = joinGuards('sk.guard', 'guards', list);
    return function statuskitGuard(req, res, next) {
      if (joined) guarded(joined, req, res, next);
      else next();
    };
  }
  return { start, end: [unrouted, onError], guard, accepts };
}
