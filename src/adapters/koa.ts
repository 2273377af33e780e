/**
 * statuskit for Koa 2 and 3 (with @koa/router or without): one middleware, placed first. It parses
 * JSON bodies of routed requests into `ctx.request.body`, adds success helpers to `ctx`, answers
 * everything thrown in the envelope, and after the router answers 404, 405 with `Allow`, OPTIONS
 * and 501 from the router's own matches. Guards run app-wide (`guards` option) or per route
 * (`sk.guard(...)`).
 *
 * Koa and @koa/router internals this adapter reads (written against Koa 2.16 and 3.3, @koa/router
 * 15.7): `ctx.matched` and `ctx._matchedRoute`, which the router leaves, and `router.match()` and
 * `app.middleware`, to know whether a route takes a request and which parsers stand in front of
 * it (shared/koa-router.ts); `ctx.respond = false` and `ctx.onerror`, to answer on the raw response;
 * `app.context.onerror`, Koa's own error answer, which `sk.attach(app)` replaces.
 *
 * @module
 */
import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import type { ResponseParts } from '../core/envelope.js';
import { isHttpError } from '../core/http-error.js';
import { resolveOptions } from '../core/options.js';
import { isValidPathEncoding, leavesBody, malformedPath } from '../core/request-rules.js';
import { unroutedAnswer } from '../core/route-table.js';
import type * as build from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { type AdapterOptions, joinGuards, resolveGuardOptions } from '../guards/adapter-options.js';
import type { Guard } from '../guards/types.js';
import { createErrorWriter } from './shared/error-writer.js';
import { checkGuard, conditionalKit, startResponseDeadline } from './shared/guard-io.js';
import { isRouted, isRouterAnswer, ownBodies, type RoutedContext } from './shared/koa-router.js';
import { readJsonBody, requestHasBody, writeParts } from './shared/node-io.js';
import { markOwnBodies } from './shared/own-bodies.js';
import { configureServer } from './shared/server.js';
import { SUCCESS_HELPERS } from './shared/success-helpers.js';

export { type AdapterOptions, configureServer };

declare module 'koa' {
  interface Request {
    /** The parsed JSON body (`any`, as in the body-parser typings, so both can be installed). */
    body?: any;
  }
  interface BaseContext {
    /** 200 with `data` in the envelope (ETag / 304 with the `etag` option). @example ctx.ok(notes) */
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
    /**
     * Throws 412 when `If-Match` / `If-None-Match` / `If-Unmodified-Since` fail against the
     * resource's current ETag (`undefined`: it does not exist). @example ctx.preconditions(ctx.etagFor(note))
     */
    preconditions(currentEtag: string | undefined, lastModified?: Date): void;
    /** The ETag `ctx.ok(data)` sends on GET under the `etag` option (strong when off). @example ctx.etagFor(note) */
    etagFor(data: unknown): string;
  }
}

/**
 * statuskit's Koa middleware, with `guard(...)` for route guards.
 *
 * @example
 * const sk: KoaStatuskit = statuskit();
 * app.use(sk);
 */
export interface KoaStatuskit extends Middleware {
  /**
   * Route middleware running guards in order: the first error answers (429, 503…), headers such as
   * RateLimit go on every answer. @example router.post('/notes', sk.guard(limiter), handler)
   */
  guard(...guards: Guard[]): Middleware;
  /**
   * Route middleware saying that the route's own parsers take these media types (`type/*`
   * allowed): statuskit neither reads nor refuses such bodies there. Not needed in front of
   * `@koa/bodyparser`, which is recognised. @example router.post('/upload', sk.accepts('multipart/form-data'), upload.single('file'), handler)
   */
  accepts(...types: string[]): Middleware;
  /**
   * Makes statuskit answer the errors Koa answers itself (`ctx.onerror`, text/plain by default):
   * those thrown by middleware placed before statuskit (a body parser's 400 and 413) and those
   * met outside the middleware chain. They get the same answer as inside it: the envelope (or
   * problem details), 5xx messages hidden, the error's headers kept. Like statuskit's middleware,
   * it emits no `error` event on the app: 5xx errors go to the `logger` option. Returns the app.
   * @example
   * const sk = statuskit();
   * sk.attach(app);
   * app.use(bodyParser()); // its malformed-JSON 400 and too-large 413 come out in the envelope
   * app.use(sk);
   */
  attach<App extends Pick<Koa, 'context'>>(app: App): App;
}

/**
 * Creates statuskit's Koa middleware; `app.use()` it before anything else. Middleware that must
 * run before it (a body parser used app-wide) gets its errors answered in the envelope too once
 * `sk.attach(app)` is called.
 *
 * @example
 * const app = new Koa();
 * const sk = statuskit({ bodyLimit: 100_000, etag: 'strong' });
 * app.use(sk);
 * router.post('/notes', sk.guard(rateLimit({ limit: 60 })), (ctx) => ctx.created('/notes/1', ctx.request.body));
 * app.use(router.routes());
 * configureServer(app.listen(3000), { bodyLimit: 100_000 });
 */
export function statuskit(options: AdapterOptions = {}): KoaStatuskit {
  const resolved = resolveOptions(options);
  const guards = resolveGuardOptions(options);
  const writeError = createErrorWriter(resolved);
  const kit = conditionalKit(guards.etag, writeError);
  const status = { status: resolved.validationStatus };
  const helpers = {
    ...SUCCESS_HELPERS,
    sendParts(this: Context, parts: ResponseParts) {
      const out = kit.prepare(this.req, this.res, parts);
      if (isHttpError(out)) return answerError(this, out);
      if (out.body === undefined) {
        // Koa would drop the `Content-Length: 0` of a 205; bodiless answers are written directly.
        writeParts(this.req, this.res, out);
        this.respond = false;
        return;
      }
      this.status = out.status;
      this.set(out.headers);
      this.body = out.body;
    },
    validate(this: Context, schema: StandardSchemaV1, value: unknown = this.request.body) {
      return validate(schema, value, status);
    },
    preconditions(this: Context, currentEtag: string | undefined, lastModified?: Date) {
      kit.preconditions(this.req, currentEtag, lastModified);
    },
    etagFor: kit.etagFor,
  };

  function answerError(ctx: Context, error: unknown): void {
    writeError(ctx.req, ctx.res, error);
    ctx.respond = false;
  }

  async function guarded(guard: Guard, ctx: Context): Promise<void> {
    const refused = checkGuard(guard, ctx.req, ctx.res, ctx.path);
    const error = refused instanceof Promise ? await refused : refused;
    if (error !== undefined) throw error;
  }

  /** Koa's `ctx.onerror`, which Koa calls with the context as `this` for anything that escaped. */
  function onerror(this: Context, error: unknown): void {
    if (error != null) answerError(this, error);
  }

  const middleware = async function statuskitKoa(ctx: RoutedContext, next: () => Promise<unknown>) {
    if (ctx.app.context.sendParts !== helpers.sendParts) Object.assign(ctx.app.context, helpers);
    // Errors Koa meets outside the middleware chain (a failing body stream): answered or logged here.
    ctx.onerror = onerror;
    try {
      if (!isValidPathEncoding(ctx.path)) throw malformedPath();
      if (guards.guard) await guarded(guards.guard, ctx);
      if (
        resolved.readBodies &&
        requestHasBody(ctx.req) &&
        ctx.request.body === undefined &&
        isRouted(ctx) &&
        !leavesBody(ctx.get('content-type'), ownBodies(ctx))
      ) {
        // The text stays readable as `ctx.request.rawBody`, as koa-bodyparser leaves it.
        ctx.request.body = await readJsonBody(ctx.req, resolved, (bytes) => {
          (ctx.request as { rawBody?: string }).rawBody = bytes.toString('utf8');
        });
      }
      if (guards.deadline) {
        startResponseDeadline(guards.deadline, ctx.req, ctx.res, writeError, () => (ctx.respond = false));
      }
      await next();
      if (ctx.respond === false || ctx.headerSent) return;
      if (ctx._matchedRoute === undefined && isRouterAnswer(ctx)) {
        const methods = (ctx.matched ?? []).flatMap((layer) => layer.methods);
        const answer = unroutedAnswer(ctx.method, methods);
        if (isHttpError(answer)) return answerError(ctx, answer);
        writeParts(ctx.req, ctx.res, answer);
        ctx.respond = false;
      } else if (ctx.body == null && ctx.status >= 400) {
        answerError(ctx, { status: ctx.status });
      }
    } catch (error) {
      answerError(ctx, error);
    }
  } as KoaStatuskit;
  middleware.attach = (app) => {
    app.context.onerror = onerror;
    return app;
  };
  middleware.accepts = (...types) =>
    markOwnBodies(async function statuskitAccepts(_ctx: Context, next: () => Promise<unknown>) {
      await next();
    }, types);
  middleware.guard = (...list) => {
    const joined = joinGuards('sk.guard', 'guards', list);
    return async function statuskitGuard(ctx, next) {
      if (joined) await guarded(joined, ctx);
      await next();
    };
  };
  return middleware;
}
