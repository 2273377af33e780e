import { requestPath } from '../core/route-table.js';
import type { GuardRequest } from './types.js';

/**
 * The parts of a `node:http` `IncomingMessage` that {@link nodeGuardRequest} reads, typed
 * structurally so that these declarations need no `@types/node`.
 *
 * @example
 * const req: NodeRequestLike = { method: 'GET', url: '/notes', headers: {}, socket: { remoteAddress: '127.0.0.1' } };
 */
export interface NodeRequestLike {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly socket?: { readonly remoteAddress?: string | undefined } | null | undefined;
}

/**
 * Builds the {@link GuardRequest} view of a `node:http` request, which Express, Fastify (`request.raw`),
 * Koa (`ctx.req`) and `@hono/node-server` all carry. `target` is the request target whose path
 * guards see (its query is dropped); it defaults to `req.url`. Pass it when the framework rewrote
 * `req.url` (Express mounts: `req.originalUrl`).
 *
 * @example
 * const decision = limiter.check(nodeGuardRequest(req));
 */
export function nodeGuardRequest(req: NodeRequestLike, target?: string): GuardRequest {
  const headers = req.headers;
  return {
    method: req.method ?? 'GET',
    path: requestPath(target ?? req.url),
    ip: req.socket?.remoteAddress,
    header(name) {
      const value = headers[name];
      return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
    },
  };
}
