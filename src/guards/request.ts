import type { IncomingMessage } from 'node:http';
import type { GuardRequest } from './types.js';

/**
 * Builds the {@link GuardRequest} view of a `node:http` request, which Express, Fastify (`request.raw`),
 * Koa (`ctx.req`) and `@hono/node-server` all carry. `path` defaults to `req.url` without its query;
 * pass it when the framework rewrote `req.url` (Express mounts: `req.originalUrl`).
 *
 * @example
 * const decision = limiter.check(nodeGuardRequest(req));
 */
export function nodeGuardRequest(req: IncomingMessage, path?: string): GuardRequest {
  const headers = req.headers;
  return {
    method: req.method ?? 'GET',
    path: path ?? pathOf(req.url),
    ip: req.socket?.remoteAddress,
    header(name) {
      const value = headers[name];
      return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
    },
  };
}

function pathOf(url: string | undefined): string {
  if (url === undefined || url === '') return '/';
  let end = url.indexOf('?');
  if (end === -1) end = url.length;
  if (url.charCodeAt(0) === 47 /* / */) return url.slice(0, end);
  // absolute-form request target (`GET http://host/path HTTP/1.1`)
  try {
    return new URL(url).pathname;
  } catch {
    return url.slice(0, end);
  }
}
