/**
 * Route guards and preconditions of statuskit/nestjs, on Nest's request and response of either
 * platform: statuskit guards as a Nest guard class, and the precondition helpers the platform's
 * statuskit adapter put on the request.
 */
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { checkGuard } from '../../adapters/shared/guard-io.js';
import { joinGuards } from '../../guards/adapter-options.js';
import type { Guard } from '../../guards/types.js';

/**
 * The request helpers statuskit's Express and Fastify adapters put on Nest's `@Req()` object.
 *
 * @example
 * (req as StatuskitRequest).preconditions((req as StatuskitRequest).etagFor(note));
 */
export interface StatuskitRequest {
  preconditions(currentEtag: string | undefined, lastModified?: Date): void;
  etagFor(data: unknown): string;
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
