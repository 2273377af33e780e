/**
 * statuskit for NestJS on `@nestjs/platform-express` and `@nestjs/platform-fastify`: one call,
 * `await applyStatuskit(app, options)`, puts statuskit's adapter for the platform under the Nest
 * app (statuskit/express's `sk.start` / `sk.end`, or statuskit/fastify's plugin), so unknown
 * routes, wrong methods, OPTIONS, bodies and client errors get the same answers as there. A global
 * exception filter hands every error Nest catches to that adapter's error path, and a global
 * interceptor sends what handlers return in the success envelope. Nothing is decided here.
 *
 * @module
 */
import {
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import { StatuskitConfigError } from '../core/config-error.js';
import type { ResponseParts } from '../core/envelope.js';
import { resolveOptions } from '../core/options.js';
import { success } from '../core/success.js';
import { type AdapterOptions, joinGuards } from '../guards/adapter-options.js';
import type { Guard } from '../guards/types.js';
import { statuskit as expressStatuskit } from './express.js';
import { statuskit as fastifyPlugin } from './fastify.js';
import { validationError } from './nestjs/nest-errors.js';
import { checkGuard } from './shared/guard-io.js';
import { configureServer } from './shared/server.js';

export type { AdapterOptions };

/** Metadata key of {@link SkipEnvelope}. */
const SKIP_ENVELOPE = 'statuskit:skip-envelope';
/** Nest's own metadata keys (from `@nestjs/common`'s constants): SSE routes are left alone. */
const SSE_METADATA = '__sse__';
/** What the interceptor hands to the platform's `reply`: parts for statuskit's `sendParts`. */
const PARTS = Symbol('statuskit.parts');
type Marked = { [PARTS]: ResponseParts };

/** The parts of a Nest app statuskit touches; typed loosely so both platforms fit. */
interface NestApp {
  getHttpAdapter(): any;
  getHttpServer(): any;
  use(...handlers: unknown[]): unknown;
  useGlobalFilters(...filters: ExceptionFilter[]): unknown;
  useGlobalInterceptors(...interceptors: unknown[]): unknown;
}

/** The request helpers both platforms put on the request object (`req` / `request`). */
export interface StatuskitRequest {
  preconditions(currentEtag: string | undefined, lastModified?: Date): void;
  etagFor(data: unknown): string;
}

/**
 * Puts statuskit under a NestJS app, on the Express or the Fastify platform. Call it once, after
 * `NestFactory.create()` and before `app.listen()` / `app.init()`; create the app with
 * `{ bodyParser: false }` or not, statuskit reads JSON bodies itself (415, 413 over `bodyLimit`, 400
 * malformed). Options are those of every adapter (`AdapterOptions`: `bodyLimit`, `problemDetails`,
 * `logger`, `validationStatus`, `guards`, `etag`, `deadlineMs`).
 *
 * @example
 * const app = await NestFactory.create(AppModule);
 * await applyStatuskit(app, { bodyLimit: 100_000, etag: 'strong' });
 * await app.listen(3000, '127.0.0.1');
 */
export async function applyStatuskit(app: NestApp, options: AdapterOptions = {}): Promise<void> {
  const adapter = app.getHttpAdapter();
  const platform: unknown = adapter?.getType?.();
  const resolved = resolveOptions(options);
  let answerError: (error: unknown, host: ArgumentsHost) => void;
  if (platform === 'express') {
    const sk = expressStatuskit(options);
    const [unrouted, onError] = sk.end;
    app.use(sk.start); // before Nest's routes, which init() adds
    // Nest's not-found and error handlers (added last by init()) become statuskit's.
    adapter.setNotFoundHandler = () => adapter.use(unrouted);
    adapter.setErrorHandler = () => adapter.use(onError);
    configureServer(app.getHttpServer(), resolved);
    answerError = (error, host) => {
      const [req, res, next] = host.getArgs();
      onError(error, req, res, next);
    };
  } else if (platform === 'fastify') {
    const instance = adapter.getInstance();
    await instance.register(fastifyPlugin, options);
    // The plugin's not-found and error handlers stay: Nest's would replace them at init().
    adapter.setNotFoundHandler = () => undefined;
    adapter.setErrorHandler = () => undefined;
    // Nest's Fastify sets `frameworkErrors` (bad percent-encoding, over-long parameters) to
    // `reply.send(error)`, which reaches Fastify's default error handler, not the plugin's.
    const serverOptions = fastifyServerOptions(instance);
    if (serverOptions) {
      serverOptions.frameworkErrors = (error: unknown, request: unknown, reply: unknown) =>
        instance.errorHandler(error, request, reply);
    }
    answerError = (error, host) => {
      const [request, reply] = host.getArgs();
      instance.errorHandler(error, request, reply);
    };
  } else {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_INVALID_OPTION',
      `applyStatuskit() needs a Nest app on @nestjs/platform-express or @nestjs/platform-fastify, not ${String(platform)}.`,
      'NestFactory.create(AppModule) or NestFactory.create(AppModule, new FastifyAdapter()).',
    );
  }
  // statuskit's body reader takes every body; Nest's parsers would answer in their own words.
  adapter.registerParserMiddleware = () => undefined;
  // What the interceptor returns is sent by the platform's statuskit helper (ETag, 304, HEAD…).
  const reply = adapter.reply.bind(adapter);
  adapter.reply = (response: any, body: unknown, status?: number) =>
    isMarked(body) ? response.sendParts(body[PARTS]) : reply(response, body, status);
  const validationStatus = resolved.validationStatus;
  app.useGlobalFilters({
    catch(exception: unknown, host: ArgumentsHost) {
      answerError(validationError(exception, validationStatus) ?? exception, host);
    },
  });
  app.useGlobalInterceptors(new StatuskitInterceptor());
}

/** Fastify keeps its server options under a private symbol (as statuskit/fastify reads them). */
function fastifyServerOptions(instance: object): { frameworkErrors?: unknown } | undefined {
  for (let o: object | null = instance; o !== null; o = Object.getPrototypeOf(o)) {
    const key = Object.getOwnPropertySymbols(o).find((s) => s.description === 'fastify.options');
    if (key) return (o as Record<symbol, { frameworkErrors?: unknown }>)[key];
  }
  return undefined;
}

function isMarked(body: unknown): body is Marked {
  return typeof body === 'object' && body !== null && PARTS in body;
}

/** True for what a handler returns that is statuskit's response parts (`ok()`, `created()`…). */
function isParts(value: unknown): value is ResponseParts {
  const v = value as Partial<ResponseParts> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.status === 'number' &&
    typeof v.headers === 'object' &&
    (v.body === undefined || typeof v.body === 'string') &&
    Object.keys(v).length === 3
  );
}

/** A value the envelope must not wrap: a stream, a file, a web Response, a Buffer. */
function isRawBody(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return true;
  const v = value as { pipe?: unknown; getStream?: unknown; getReader?: unknown };
  return (
    typeof v.pipe === 'function' ||
    typeof v.getStream === 'function' ||
    typeof v.getReader === 'function' ||
    (typeof Response !== 'undefined' && value instanceof Response)
  );
}

/**
 * The success side: a handler's return value goes out in the envelope with the status Nest chose
 * (`@HttpCode()`, else 200, or 201 for POST); statuskit's builders (`ok()`, `created()`,
 * `noContent()`, `redirect()`) returned from a handler go out as they are. Streams, files, SSE
 * routes and routes marked {@link SkipEnvelope} are left to Nest. `applyStatuskit` installs it.
 *
 * @example
 * app.useGlobalInterceptors(new StatuskitInterceptor()); // done by applyStatuskit()
 */
export class StatuskitInterceptor {
  readonly #reflector = new Reflector();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = context.getHandler();
    const skip =
      this.#reflector.getAllAndOverride<boolean>(SKIP_ENVELOPE, [handler, context.getClass()]) === true ||
      this.#reflector.get<boolean>(SSE_METADATA, handler) === true;
    if (skip || context.getType() !== 'http') return next.handle();
    const response = context.switchToHttp().getResponse();
    return next.handle().pipe(
      map((result: unknown) => {
        if (isRawBody(result)) return result;
        const parts = isParts(result) ? result : success(response.statusCode ?? 200, result);
        return { [PARTS]: parts } satisfies Marked;
      }),
    );
  }
}

/**
 * Marks a controller or a route whose answer is not JSON (a file, a stream, SSE, a redirect of
 * Nest's): what it returns goes out as Nest sends it, without the success envelope. Errors are
 * still answered in the envelope.
 *
 * @example
 * @Get('export.csv') @SkipEnvelope() download() { return new StreamableFile(csv()); }
 */
export function SkipEnvelope(): ClassDecorator & MethodDecorator {
  return SetMetadata(SKIP_ENVELOPE, true);
}

/**
 * A Nest guard class running statuskit guards (`rateLimit()`, `maintenance()`, `loadShedding()`,
 * your own `{ name, check }`) in order for the routes it guards: the first refusal answers (429,
 * 503…) in the envelope, and headers such as RateLimit go on every answer. Use it with
 * `@UseGuards()`; the guards of the `guards` option run app-wide already.
 *
 * @example
 * const Writes = statuskitGuard(rateLimit({ limit: 60, windowMs: 60_000 }));
 * @Post() @UseGuards(Writes) create(@Body() body: unknown) { … }
 */
export function statuskitGuard(...guards: Guard[]): new () => CanActivate {
  const joined = joinGuards('statuskitGuard', 'guards', guards);
  return class StatuskitGuard implements CanActivate {
    async canActivate(context: ExecutionContext): Promise<boolean> {
      if (!joined) return true;
      const http = context.switchToHttp();
      const req = http.getRequest();
      const res = http.getResponse();
      const refused = await checkGuard(joined, req.raw ?? req, res.raw ?? res, (req.raw ?? req).url);
      if (refused !== undefined) throw refused;
      return true;
    }
  };
}

/**
 * Throws 412 when the request's `If-Match` / `If-None-Match` / `If-Unmodified-Since` fail against
 * the resource's current ETag (`undefined`: it does not exist); `request` is Nest's `@Req()`.
 *
 * @example
 * preconditions(req, etagFor(req, store.get(id))); // a stale If-Match → 412
 */
export function preconditions(request: unknown, currentEtag: string | undefined, lastModified?: Date): void {
  (request as StatuskitRequest).preconditions(currentEtag, lastModified);
}

/**
 * The ETag the success envelope of `data` gets on GET under the `etag` option (strong when off).
 *
 * @example
 * return created(`/notes/${note.id}`, note, { headers: { etag: etagFor(req, note) } });
 */
export function etagFor(request: unknown, data: unknown): string {
  return (request as StatuskitRequest).etagFor(data);
}
