/**
 * The success side of statuskit/nestjs: a global interceptor that turns what a handler returns into
 * statuskit's response parts, marked so the platform's `reply` sends them through statuskit's
 * `sendParts` (ETag, 304, HEAD), and the decorator that leaves a route to Nest.
 */
import { type CallHandler, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import type { ResponseParts } from '../../core/envelope.js';
import { success } from '../../core/success.js';

/** Metadata key of {@link SkipEnvelope}. */
const SKIP_ENVELOPE = 'statuskit:skip-envelope';
/** Nest's own metadata key of `@Sse()` routes (`SSE_METADATA` in `@nestjs/common`): left alone. */
const SSE_METADATA = '__sse__';
/** What the interceptor hands to the platform's `reply`: parts for statuskit's `sendParts`. */
const PARTS = Symbol('statuskit.parts');
type Marked = { [PARTS]: ResponseParts };

/**
 * The parts the interceptor marked for `body`, or `undefined` for anything else.
 *
 * @example
 * const parts = markedParts(body); if (parts) response.sendParts(parts);
 */
export function markedParts(body: unknown): ResponseParts | undefined {
  return typeof body === 'object' && body !== null && PARTS in body ? (body as Marked)[PARTS] : undefined;
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
