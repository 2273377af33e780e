/**
 * statuskit's `serve()` for Hono on Node: `@hono/node-server` plus statuskit's server setup. Kept
 * apart from `statuskit/hono` so that module stays free of Node and runs on every Hono runtime.
 *
 * @module
 */
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { createErrorResponder } from '../core/error-response.js';
import { BadRequestError } from '../core/errors.generated.js';
import { type ResolvedOptions, resolveOptions } from '../core/options.js';
import { configureServer } from './shared/server.js';

/** Where `statuskit(app)` in `statuskit/hono` leaves its options on `app.fetch`. */
const OPTIONS_KEY = Symbol.for('statuskit.hono.options');

/**
 * What `serve()` takes: the same shape as `@hono/node-server`'s `serve` (HTTP/1.1 only).
 *
 * @example
 * const options: ServeOptions = { fetch: app.fetch, port: 3000, hostname: '127.0.0.1' };
 */
export interface ServeOptions {
  /** The app's fetch function, usually `app.fetch`. */
  fetch: Parameters<typeof getRequestListener>[0];
  /** Port to listen on. Default 3000; 0 picks a free one. */
  port?: number;
  /** Interface to listen on, e.g. `127.0.0.1`. Default: all interfaces. */
  hostname?: string;
  /** Options for `http.createServer` (timeouts, header size). */
  serverOptions?: ServerOptions;
}

/**
 * Starts a Hono app on Node like `@hono/node-server`'s `serve`, with the options given to
 * `statuskit(app)`: Node's client errors (bad request line, header overflow, timeout) and requests
 * the adapter cannot turn into a `Request` (bad `Host`) are answered in the envelope, errors that
 * escape Hono become a hidden 500, and an `Expect: 100-continue` body over `bodyLimit` gets 413
 * before `100 Continue`.
 *
 * @example
 * import { serve } from 'statuskit/hono/node';
 * const server = serve({ fetch: app.fetch, port: 3000, hostname: '127.0.0.1' });
 */
export function serve(options: ServeOptions, onListening?: (info: AddressInfo) => void): Server {
  const fetch = options.fetch as ServeOptions['fetch'] & { [OPTIONS_KEY]?: ResolvedOptions };
  const resolved = fetch[OPTIONS_KEY] ?? resolveOptions();
  const respond = createErrorResponder(resolved);
  const listener = getRequestListener(fetch, {
    ...(options.hostname === undefined ? {} : { hostname: options.hostname }),
    errorHandler(error) {
      const parts = respond(error instanceof RequestError ? new BadRequestError() : error);
      return new Response(parts.body ?? null, { status: parts.status, headers: parts.headers });
    },
  });
  const server = configureServer(createServer(options.serverOptions ?? {}, listener), resolved);
  server.listen(options.port ?? 3000, options.hostname, () => onListening?.(server.address() as AddressInfo));
  return server;
}
