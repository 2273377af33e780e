/**
 * Which request bodies a route's own parsers take, from the middleware in front of its handler:
 * the known parsers of the popular body middleware (recognised by their function names, which
 * they have kept for years), and any middleware marked with {@link markOwnBodies} (what
 * `accepts(...)` returns on every adapter). statuskit leaves those bodies alone (`leavesBody`).
 */
import type { OwnBodies } from '../../core/request-rules.js';

const OWN = Symbol.for('statuskit.ownBodies');

/**
 * Body parsers by function name: body-parser's four (and so `express.json()`, `.urlencoded()`,
 * `.raw()`, `.text()`), multer's middleware, and `@koa/bodyparser` / `koa-bodyparser`. Each may
 * be told other types than its default, so a route that has one reads every body itself.
 */
const KNOWN_PARSERS: ReadonlySet<string> = new Set([
  'jsonParser',
  'urlencodedParser',
  'rawParser',
  'textParser',
  'multerMiddleware',
  'bodyParser',
]);

/**
 * Marks a middleware as the one that says which media types the route's own parsers take.
 *
 * @example
 * const uploads = markOwnBodies((req, res, next) => next(), ['multipart/form-data']);
 */
export function markOwnBodies<F extends object>(middleware: F, types: readonly string[]): F {
  Object.defineProperty(middleware, OWN, { value: Object.freeze([...types]) });
  return middleware;
}

/**
 * Gives a wrapper the mark of the middleware it wraps, if any.
 *
 * @example
 * return copyOwnBodies(handler, function wrapped(c, next) { return handler(c, next); });
 */
export function copyOwnBodies<F extends object>(from: object, to: F): F {
  const marked = (from as { [OWN]?: readonly string[] })[OWN];
  return marked ? markOwnBodies(to, marked) : to;
}

/**
 * Adds what one middleware says to what was found so far.
 *
 * @example
 * let own: OwnBodies = [];
 * for (const fn of route.stack) own = addOwnBodies(own, fn.handle);
 */
export function addOwnBodies(found: OwnBodies, middleware: unknown): OwnBodies {
  if (found === '*' || typeof middleware !== 'function') return found;
  const marked = (middleware as { [OWN]?: readonly string[] })[OWN];
  if (marked) return [...found, ...marked];
  return KNOWN_PARSERS.has(middleware.name) ? '*' : found;
}
