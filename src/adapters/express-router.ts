/**
 * Reads Express's own router (Express 4 keeps it at `app._router`, Express 5 at `app.router`) to
 * tell which methods are routed on a path, so `statuskit/express` can answer 405 with `Allow`,
 * OPTIONS, and read bodies only for requests a route will take; and on Express 4, wraps the
 * router's handlers so rejected promises reach the error handlers.
 */
import type { NextFunction, Request, Response } from 'express';
import type { OwnBodies } from '../core/request-rules.js';
import { addOwnBodies } from './shared/own-bodies.js';

/**
 * True when the routed methods take this method (`*` for `app.all`; HEAD where GET is routed).
 *
 * @example
 * handles(['GET'], 'HEAD') // true
 */
export function handles(methods: string[], method: string): boolean {
  return methods.includes('*') || methods.includes(method) || (method === 'HEAD' && methods.includes('GET'));
}

/**
 * Every method Express's own router stack (and its sub-routers) routes on a path; `*` for `all`.
 *
 * @example
 * routedMethods(app, '/notes/1') // ['GET', 'PUT']
 */
export function routedMethods(app: any, path: string): string[] {
  let router: any;
  try {
    router = app._router ?? app.router;
  } catch {
    return [];
  }
  const out: string[] = [];
  if (Array.isArray(router?.stack)) collect(router.stack, path, out);
  return out;
}

function collect(stack: any[], path: string, out: string[]): void {
  visit(stack, path, (layer) => {
    const methods = layer.route?.methods;
    if (methods) for (const m in methods) if (methods[m]) out.push(m === '_all' ? '*' : m.toUpperCase());
  });
}

/** Calls `each` for every layer of the stack (and of mounted routers) that matches the path. */
function visit(stack: any[], path: string, each: (layer: any) => void): void {
  for (const layer of stack) {
    const matched = matchLayer(layer, path);
    if (matched === undefined) continue;
    if (!layer.route && Array.isArray(layer.handle?.stack)) {
      const rest = path.slice(matched.length);
      visit(layer.handle.stack, rest.startsWith('/') ? rest : `/${rest}`, each);
    } else each(layer);
  }
}

/**
 * The bodies the app's own parsers take for a request: from app-wide middleware that matches the
 * path and from the middleware of the routes that take its method (see `own-bodies.ts`).
 *
 * @example
 * ownBodies(app, '/upload', 'POST') // '*' when the route has multer in front of its handler
 */
export function ownBodies(app: any, path: string, method: string): OwnBodies {
  let router: any;
  try {
    router = app._router ?? app.router;
  } catch {
    return [];
  }
  let found: OwnBodies = [];
  if (!Array.isArray(router?.stack)) return found;
  visit(router.stack, path, (layer) => {
    const route = layer.route;
    if (!route) found = addOwnBodies(found, layer.handle);
    else if (handles(routeMethods(route), method) && Array.isArray(route.stack)) {
      for (const inner of route.stack) found = addOwnBodies(found, inner.handle);
    }
  });
  return found;
}

function routeMethods(route: any): string[] {
  const out: string[] = [];
  for (const m in route.methods ?? {}) if (route.methods[m]) out.push(m === '_all' ? '*' : m.toUpperCase());
  return out;
}

/** The part of `path` a layer matches: Express 5 layers answer `match()`, Express 4 ones a regexp. */
function matchLayer(layer: any, path: string): string | undefined {
  try {
    if (Array.isArray(layer.matchers)) {
      const m = layer.match(path);
      return m ? String(m.path ?? '') : undefined;
    }
    const re = layer.regexp;
    if (!(re instanceof RegExp)) return undefined;
    if ((re as any).fast_slash) return '';
    if ((re as any).fast_star) return path;
    return re.exec(path)?.[0];
  } catch {
    return undefined;
  }
}

const CATCHING = Symbol.for('statuskit.catchesRejections');
const scanned = new WeakMap<object, number>();

/**
 * Makes an Express 4 app pass a rejected promise from any handler or middleware to `next(err)`,
 * as Express 5 does (Express 4 ignores it, and Node then ends the process). It wraps the handlers
 * in the app's router stack, its sub-routers and routes, keeping each one's arity (Express tells
 * error handlers by it). Runs again when the app's top-level stack grows; does nothing on Express 5.
 *
 * @example
 * catchRejections(req.app) // from the first middleware, on every request: cheap after the first
 */
export function catchRejections(app: any): void {
  const router = app?._router;
  if (!Array.isArray(router?.stack) || scanned.get(router) === router.stack.length) return;
  scanned.set(router, router.stack.length);
  wrapStack(router.stack);
}

function wrapStack(stack: any[]): void {
  for (const layer of stack) {
    // Only Express 4's layers (handle_request); Express 5's (handleRequest) catch rejections.
    if (typeof layer?.handle_request !== 'function' || typeof layer.handleRequest === 'function') continue;
    if (Array.isArray(layer.route?.stack)) wrapStack(layer.route.stack);
    else if (Array.isArray(layer.handle?.stack)) wrapStack(layer.handle.stack);
    else if (typeof layer.handle === 'function' && !layer.handle[CATCHING])
      layer.handle = catching(layer.handle);
  }
}

function catching(fn: (...args: any[]) => unknown): (...args: any[]) => unknown {
  const wrapped =
    fn.length >= 4
      ? function statuskitCatching(this: unknown, error: unknown, req: unknown, res: unknown, next: any) {
          return settle(fn.call(this, error, req, res, next), next);
        }
      : function statuskitCatching(this: unknown, req: unknown, res: unknown, next: any) {
          return settle(fn.call(this, req, res, next), next);
        };
  (wrapped as any)[CATCHING] = true;
  return wrapped;
}

function settle(result: unknown, next: (error: unknown) => void): unknown {
  if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') {
    (result as PromiseLike<unknown>).then(undefined, (error: unknown) =>
      next(error ?? new Error('Rejected promise')),
    );
  }
  return result;
}

/**
 * Wraps an async handler so its rejection reaches `next(err)`. Since `sk.start` does this for every
 * handler of an Express 4 app, it is only needed for handlers it cannot see (a mounted sub-app).
 *
 * @example
 * app.get('/notes', wrapAsync(async (req, res) => res.ok(await store.list())));
 */
export function wrapAsync<H extends (req: Request, res: Response, next: NextFunction) => unknown>(
  handler: H,
): H {
  return function statuskitAsync(req, res, next) {
    try {
      return Promise.resolve(handler(req, res, next)).catch(next);
    } catch (error) {
      next(error);
    }
  } as H;
}
