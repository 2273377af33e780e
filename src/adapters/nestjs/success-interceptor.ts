/**
 * The success side of statuskit/nestjs: what a handler returns reaches the platform adapter's
 * `reply()`, which statuskit wraps so the value goes out through statuskit's `sendParts` (the
 * envelope, ETag, 304, HEAD) on either platform; a global interceptor only marks the responses of
 * routes that opted out with {@link SkipEnvelope}. Nothing here imports Nest or rxjs at run time:
 * Nest's decorator metadata lives in `reflect-metadata`, which Nest loads.
 */
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { ResponseParts } from '../../core/envelope.js';
import { redirect, success } from '../../core/success.js';

/** Metadata key of {@link SkipEnvelope}. */
const SKIP_ENVELOPE = 'statuskit:skip-envelope';
/** Set on the response of a route marked {@link SkipEnvelope}. */
const SKIPPED = Symbol('statuskit.skipEnvelope');

type Metadata = {
  defineMetadata?(key: string, value: unknown, target: object): void;
  getMetadata?(key: string, target: object): unknown;
};
const metadata = Reflect as unknown as Metadata;

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
  if (value instanceof Uint8Array) return true;
  const v = value as { pipe?: unknown; getStream?: unknown; getReader?: unknown };
  return (
    typeof v.pipe === 'function' ||
    typeof v.getStream === 'function' ||
    typeof v.getReader === 'function' ||
    (typeof Response !== 'undefined' && value instanceof Response)
  );
}

/** The platform adapter's `reply(response, body, statusCode)`. */
export type NestReply = (response: any, body?: unknown, statusCode?: number) => unknown;

/**
 * Wraps a Nest platform adapter's `reply()`: a handler's value goes out in the success envelope
 * with the status Nest chose (`@HttpCode()`, else 200, or 201 for POST), statuskit's builders as
 * they are, through the `sendParts` helper statuskit's Express or Fastify adapter put on the
 * response. Streams, files, Buffers and responses of {@link SkipEnvelope} routes go to `reply`.
 *
 * @example
 * adapter.reply = enveloping(adapter.reply.bind(adapter));
 */
export function enveloping(reply: NestReply): NestReply {
  return function statuskitReply(response, body, statusCode) {
    if (response?.[SKIPPED] === true || isRawBody(body) || typeof response?.sendParts !== 'function')
      return reply(response, body, statusCode);
    // Nest set the status (`@HttpCode()` or its default) on the response before the handler ran.
    const status = statusCode ?? response.statusCode ?? 200;
    return response.sendParts(isParts(body) ? body : success(status, body));
  };
}

/** The platform adapter's `redirect(response, statusCode, url)`, which `@Redirect()` routes use. */
export type NestRedirect = (response: any, statusCode: number, url: string) => unknown;

/**
 * Wraps a Nest platform adapter's `redirect()` so `@Redirect()` routes answer with `Location` and a
 * body in the success envelope (Express's own redirect sends text, Fastify's none).
 *
 * @example
 * adapter.redirect = redirecting(adapter.redirect.bind(adapter));
 */
export function redirecting(original: NestRedirect): NestRedirect {
  return function statuskitRedirect(response, statusCode, url) {
    if (response?.[SKIPPED] === true || typeof response?.sendParts !== 'function')
      return original(response, statusCode, url);
    return response.sendParts(redirect(url, statusCode));
  };
}

/**
 * Marks the responses of routes decorated with {@link SkipEnvelope}, so what they return goes out
 * as Nest sends it. `applyStatuskit` installs it.
 *
 * @example
 * app.useGlobalInterceptors(new StatuskitInterceptor()); // done by applyStatuskit()
 */
export class StatuskitInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const skip =
        metadata.getMetadata?.(SKIP_ENVELOPE, context.getHandler()) === true ||
        metadata.getMetadata?.(SKIP_ENVELOPE, context.getClass()) === true;
      if (skip) context.switchToHttp().getResponse()[SKIPPED] = true;
    }
    return next.handle();
  }
}

/**
 * Marks a controller or a route whose answer is not JSON (text, a redirect of Nest's, a file):
 * what it returns goes out as Nest sends it, without the success envelope. Errors are still
 * answered in the envelope. Streams, `StreamableFile`, Buffers and `@Sse()` routes need no mark.
 *
 * @example
 * @Get('robots.txt') @SkipEnvelope() robots() { return 'User-agent: *'; }
 */
export function SkipEnvelope(): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    metadata.defineMetadata?.(SKIP_ENVELOPE, true, descriptor?.value ?? target);
    return descriptor as never;
  };
}
