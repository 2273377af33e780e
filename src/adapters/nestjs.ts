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
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { StatuskitConfigError } from '../core/config-error.js';
import { resolveOptions } from '../core/options.js';
import type { AdapterOptions } from '../guards/adapter-options.js';
import { statuskit as expressStatuskit } from './express.js';
import { statuskit as fastifyPlugin } from './fastify.js';
import { validationError } from './nestjs/nest-errors.js';
import { etagFor, preconditions, type StatuskitRequest, statuskitGuard } from './nestjs/route-guard.js';
import { enveloping, redirecting, SkipEnvelope, StatuskitInterceptor } from './nestjs/success-interceptor.js';
import { configureServer } from './shared/server.js';

export type { AdapterOptions };
export { etagFor, preconditions, SkipEnvelope, StatuskitInterceptor, type StatuskitRequest, statuskitGuard };

/** The parts of a Nest app statuskit touches; typed loosely so both platforms fit. */
interface NestApp {
  getHttpAdapter(): any;
  getHttpServer(): any;
  use(...handlers: unknown[]): unknown;
  useGlobalFilters(...filters: ExceptionFilter[]): unknown;
  useGlobalInterceptors(...interceptors: unknown[]): unknown;
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
  // Nest adds its routes, parsers and not-found handler at init(): statuskit must come first.
  if ((app as { isInitialized?: unknown }).isInitialized === true) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_ROUTES_FIRST',
      'applyStatuskit() was called on a Nest app that has been initialised already (app.init() or app.listen()).',
      'await applyStatuskit(app, options) right after NestFactory.create(), before app.init() and app.listen().',
    );
  }
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
  // What handlers return goes out through the platform's statuskit helper (envelope, ETag, 304).
  adapter.reply = enveloping(adapter.reply.bind(adapter));
  adapter.redirect = redirecting(adapter.redirect.bind(adapter));
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
