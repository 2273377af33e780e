import { cacheResource, etagResource, rangeBytes, redirectChain, redirectTo } from './endpoints.js';
import { type Exchange, readOnly, respond, type ServeState } from './handler.js';

/**
 * Routes the endpoints beyond `/<code>`: `/range/{n}`, `/etag/{etag}`, `/cache`, `/cache/{n}`
 * (GET and HEAD), `/redirect/{n}` and `/redirect-to` (any method). Each takes the same options
 * as `/<code>` (faults, response headers). Returns false when the path is none of them.
 *
 * @example
 * if (!routeExtra(ex, state, '/range/1024', '')) fail(ex, 404);
 */
export function routeExtra(ex: Exchange, state: ServeState, path: string, query: string): boolean {
  const [, name = '', arg, extra] = path.split('/');
  if (extra !== undefined) return false;
  const { req } = ex;
  const params = () => new URLSearchParams(query);
  if (name === 'range' && arg !== undefined) {
    if (readOnly(ex)) respond(ex, state, query, () => rangeBytes(req, arg, state));
  } else if (name === 'etag' && arg !== undefined) {
    if (readOnly(ex)) respond(ex, state, query, () => etagResource(req, decodeURIComponent(arg)));
  } else if (name === 'cache') {
    if (readOnly(ex)) respond(ex, state, query, () => cacheResource(req, arg, state));
  } else if (name === 'redirect' && arg !== undefined) {
    respond(ex, state, query, () => redirectChain(req, arg, params(), state));
  } else if (name === 'redirect-to' && arg === undefined) {
    respond(ex, state, query, () => redirectTo(req, params(), state));
  } else return false;
  return true;
}
