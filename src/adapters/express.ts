/**
 * statuskit for Express 4 and 5: `app.use(sk.start)` first, `app.use(sk.end)` last. Between them,
 * routes get `req.body` parsed as JSON and success helpers on `res`; unknown routes, wrong methods,
 * OPTIONS and every error are answered in the envelope, never by Express's final handler.
 *
 * @module
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ResponseParts } from '../core/envelope.js';
import { NotFoundError } from '../core/errors.generated.js';
import { resolveOptions, type StatuskitOptions } from '../core/options.js';
import { isValidPathEncoding, malformedPath } from '../core/request-rules.js';
import { answerUnrouted, requestPath } from '../core/route-table.js';
import * as build from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { handles, routedMethods } from './express-router.js';
import { createErrorWriter } from './shared/error-writer.js';
import { readJsonBody, requestHasBody, writeParts } from './shared/node-io.js';
import { configureServer } from './shared/server.js';

export { configureServer };

declare global {
  namespace Express {
    interface Response {
      /** 200 with `data` in the envelope. @example res.ok(notes) */
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
    }
  }
}

type HelperName = 'ok' | 'created' | 'accepted' | 'noContent' | 'redirectTo' | 'success' | 'sendParts';
const helpers: { [K in HelperName]: (this: Response, ...args: Parameters<Response[K]>) => Response } = {
  sendParts(parts) {
    writeParts(this.req, this, parts);
    return this;
  },
  ok(data, options) {
    return this.sendParts(build.ok(data, options));
  },
  created(location, data, options) {
    return this.sendParts(build.created(location, data, options));
  },
  accepted(data, options) {
    return this.sendParts(build.accepted(data, options));
  },
  noContent(options) {
    return this.sendParts(build.noContent(options));
  },
  redirectTo(location, status, options) {
    return this.sendParts(build.redirect(location, status, options));
  },
  success(status, data, options) {
    return this.sendParts(build.success(status, data, options));
  },
};

/** What {@link statuskit} returns: middleware for the start and the end of an Express app. */
export interface ExpressStatuskit {
  /** First middleware: path-encoding check (400), JSON bodies of routed requests, helpers. */
  start: RequestHandler;
  /** Last middleware: 404 / 405 with `Allow` / OPTIONS 204 / 501, then the error handler. */
  end: [RequestHandler, ErrorRequestHandler];
}

/**
 * Creates statuskit's middleware for an Express 4 or 5 app.
 *
 * @example
 * const sk = statuskit({ bodyLimit: 100_000 });
 * app.use(sk.start);
 * app.post('/notes', (req, res) => res.created('/notes/1', req.body));
 * app.use(sk.end);
 * configureServer(app.listen(3000), { bodyLimit: 100_000 });
 */
export function statuskit(options: StatuskitOptions = {}): ExpressStatuskit {
  const resolved = resolveOptions(options);
  const writeError = createErrorWriter(resolved);
  const status = { status: resolved.validationStatus };
  function validateBody(this: Request, schema: StandardSchemaV1, value: unknown = this.body) {
    return validate(schema, value, status);
  }

  function start(req: Request, res: Response, next: NextFunction): void {
    Object.assign(res, helpers);
    req.validate = validateBody as Request['validate'];
    const path = requestPath(req.url);
    if (!isValidPathEncoding(path)) {
      next(malformedPath());
      return;
    }
    const raw = req as Request & { _body?: boolean };
    if (
      raw._body ||
      req.readableEnded ||
      !requestHasBody(req) ||
      !handles(routedMethods(req.app, path), req.method)
    ) {
      next();
      return;
    }
    readJsonBody(req, resolved.bodyLimit).then((body) => {
      req.body = body;
      raw._body = true;
      next();
    }, next);
  }

  function unrouted(req: Request, res: Response, next: NextFunction): void {
    const methods = routedMethods(req.app, requestPath(req.url));
    try {
      if (handles(methods, req.method)) throw new NotFoundError();
      writeParts(req, res, answerUnrouted(req.method, methods));
    } catch (error) {
      next(error);
    }
  }

  function onError(error: unknown, req: Request, res: Response, _next: NextFunction): void {
    writeError(req, res, error);
  }
  return { start, end: [unrouted, onError] };
}

/**
 * Wraps an async handler for Express 4, which ignores rejected promises (Express 5 needs nothing).
 *
 * @example
 * app.get('/notes', wrapAsync(async (req, res) => res.ok(await store.list())));
 */
export function wrapAsync<H extends (req: Request, res: Response, next: NextFunction) => unknown>(
  handler: H,
): H {
  return function statuskitAsync(req, res, next) {
    try {
      return Promise.resolve(handler(req, res, next)).catch(next);
    } catch (error) {
      next(error);
    }
  } as H;
}
