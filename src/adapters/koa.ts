/**
 * statuskit for Koa 2 and 3 (with @koa/router or without): one middleware, placed first. It parses
 * JSON bodies of routed requests into `ctx.request.body`, adds success helpers to `ctx`, answers
 * everything thrown in the envelope, and after the router answers 404, 405 with `Allow`, OPTIONS
 * and 501 from the router's own matches.
 *
 * @module
 */
import type { Context, Middleware } from 'koa';
import type { ResponseParts } from '../core/envelope.js';
import { resolveOptions, type StatuskitOptions } from '../core/options.js';
import { isValidPathEncoding, malformedPath } from '../core/request-rules.js';
import { answerUnrouted } from '../core/route-table.js';
import * as build from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { createErrorWriter } from './shared/error-writer.js';
import { readJsonBody, requestHasBody, writeParts } from './shared/node-io.js';
import { configureServer } from './shared/server.js';

export { configureServer };

declare module 'koa' {
  interface Request {
    /** The parsed JSON body (`any`, as in the body-parser typings, so both can be installed). */
    body?: any;
  }
  interface BaseContext {
    /** 200 with `data` in the envelope. @example ctx.ok(notes) */
    ok(data?: unknown, options?: build.SuccessOptions): void;
    /** 201 with `Location`. @example ctx.created(`/notes/${note.id}`, note) */
    created(location: string, data?: unknown, options?: build.SuccessOptions): void;
    /** 202. @example ctx.accepted({ job: 7 }) */
    accepted(data?: unknown, options?: build.SuccessOptions): void;
    /** 204, no body. @example ctx.noContent() */
    noContent(options?: Pick<build.SuccessOptions, 'headers'>): void;
    /** A redirect in the envelope (default 302). @example ctx.redirectTo('/notes', 303) */
    redirectTo(location: string, status?: number, options?: build.SuccessOptions): void;
    /** Any 1xx–3xx success. @example ctx.success(203, data) */
    success(status: number, data?: unknown, options?: build.SuccessOptions): void;
    /** Sends response parts from statuskit's builders. @example ctx.sendParts(ok(notes)) */
    sendParts(parts: ResponseParts): void;
    /**
     * Validates `ctx.request.body` (or `value`) with a Standard Schema: 400 (or `validationStatus`).
     * @example const input = await ctx.validate(noteSchema)
     */
    validate<S extends StandardSchemaV1>(schema: S, value?: unknown): Promise<InferOutput<S>>;
  }
}

type HelperName = 'ok' | 'created' | 'accepted' | 'noContent' | 'redirectTo' | 'success' | 'sendParts';
const helpers: { [K in HelperName]: (this: Context, ...args: Parameters<Context[K]>) => void } = {
  sendParts(parts) {
    if (parts.body === undefined) {
      // Koa would drop the `Content-Length: 0` of a 205; bodiless answers are written directly.
      writeParts(this.req, this.res, parts);
      this.respond = false;
      return;
    }
    this.status = parts.status;
    this.set(parts.headers);
    this.body = parts.body;
  },
  ok(data, options) {
    this.sendParts(build.ok(data, options));
  },
  created(location, data, options) {
    this.sendParts(build.created(location, data, options));
  },
  accepted(data, options) {
    this.sendParts(build.accepted(data, options));
  },
  noContent(options) {
    this.sendParts(build.noContent(options));
  },
  redirectTo(location, status, options) {
    this.sendParts(build.redirect(location, status, options));
  },
  success(status, data, options) {
    this.sendParts(build.success(status, data, options));
  },
};

interface RouterLike {
  match(path: string, method: string): { route: boolean };
}
interface LayerLike {
  methods: string[];
}
type RoutedContext = Context & { matched?: LayerLike[]; _matchedRoute?: unknown };

/**
 * Creates statuskit's Koa middleware; `app.use()` it before anything else.
 *
 * @example
 * const app = new Koa();
 * app.use(statuskit({ bodyLimit: 100_000 }));
 * router.post('/notes', (ctx) => ctx.created('/notes/1', ctx.request.body));
 * app.use(router.routes());
 * configureServer(app.listen(3000), { bodyLimit: 100_000 });
 */
export function statuskit(options: StatuskitOptions = {}): Middleware {
  const resolved = resolveOptions(options);
  const writeError = createErrorWriter(resolved);
  const status = { status: resolved.validationStatus };
  function validateBody(this: Context, schema: StandardSchemaV1, value: unknown = this.request.body) {
    return validate(schema, value, status);
  }

  function answerError(ctx: Context, error: unknown): void {
    writeError(ctx.req, ctx.res, error);
    ctx.respond = false;
  }

  return async function statuskitKoa(ctx: RoutedContext, next) {
    if (ctx.app.context.sendParts !== helpers.sendParts) Object.assign(ctx.app.context, helpers);
    ctx.validate = validateBody as Context['validate'];
    // Errors Koa meets outside the middleware chain (a failing body stream): answered or logged here.
    ctx.onerror = (error: unknown) => {
      if (error != null) answerError(ctx, error);
    };
    try {
      if (!isValidPathEncoding(ctx.path)) throw malformedPath();
      if (requestHasBody(ctx.req) && ctx.request.body === undefined && isRouted(ctx)) {
        ctx.request.body = await readJsonBody(ctx.req, resolved.bodyLimit);
      }
      await next();
      if (ctx.respond === false || ctx.headerSent) return;
      if (ctx._matchedRoute === undefined && isRouterAnswer(ctx)) {
        const methods = (ctx.matched ?? []).flatMap((layer) => layer.methods);
        writeParts(ctx.req, ctx.res, answerUnrouted(ctx.method, methods));
        ctx.respond = false;
      } else if (ctx.body == null && ctx.status >= 400) {
        answerError(ctx, { status: ctx.status });
      }
    } catch (error) {
      answerError(ctx, error);
    }
  };
}

/**
 * No route took the request, and the answer so far is Koa's default 404 or what
 * `router.allowedMethods()` wrote (405, 501, or an empty 200 to OPTIONS): statuskit answers instead.
 */
function isRouterAnswer(ctx: Context): boolean {
  if (ctx.body == null) return ctx.status === 404 || ctx.status === 405 || ctx.status === 501;
  return ctx.method === 'OPTIONS' && ctx.status === 200 && ctx.body === '';
}

/** Whether a router of the app (any @koa/router among `app.middleware`) routes this method and path. */
function isRouted(ctx: Context): boolean {
  const routers: RouterLike[] = [];
  for (const fn of (ctx.app as { middleware?: unknown[] }).middleware ?? []) {
    const router = (fn as { router?: RouterLike }).router;
    if (typeof router?.match === 'function') routers.push(router);
  }
  return routers.length === 0 || routers.some((r) => r.match(ctx.path, ctx.method).route);
}
