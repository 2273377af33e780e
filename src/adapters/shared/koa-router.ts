/**
 * Reads what @koa/router left on a Koa context, so `statuskit/koa` can answer 404, 405 with
 * `Allow`, OPTIONS and 501 itself, and read bodies only for requests a route will take.
 */
import type { Context } from 'koa';
import type { OwnBodies } from '../../core/request-rules.js';
import { addOwnBodies } from './own-bodies.js';

interface RouterLike {
  match(path: string, method: string): { route: boolean; pathAndMethod?: { stack?: unknown[] }[] };
}
interface LayerLike {
  methods: string[];
}

/**
 * A Koa context as @koa/router leaves it: the layers that matched the path, and the route taken.
 *
 * @example
 * const methods = ((ctx as RoutedContext).matched ?? []).flatMap((layer) => layer.methods);
 */
export type RoutedContext = Context & { matched?: LayerLike[]; _matchedRoute?: unknown };

/**
 * No route took the request, and the answer so far is Koa's default 404 or what
 * `router.allowedMethods()` wrote (405, 501, or an empty 200 to OPTIONS): statuskit answers instead.
 *
 * @example
 * if (ctx._matchedRoute === undefined && isRouterAnswer(ctx)) answerUnrouted(ctx.method, methods);
 */
export function isRouterAnswer(ctx: Context): boolean {
  if (ctx.body == null) return ctx.status === 404 || ctx.status === 405 || ctx.status === 501;
  return ctx.method === 'OPTIONS' && ctx.status === 200 && ctx.body === '';
}

/**
 * Whether a router of the app (any @koa/router among `app.middleware`) routes this method and path;
 * true when the app has no router to ask.
 *
 * @example
 * if (requestHasBody(ctx.req) && isRouted(ctx)) ctx.request.body = await readJsonBody(ctx.req, options);
 */
export function isRouted(ctx: Context): boolean {
  const routers: RouterLike[] = [];
  for (const fn of (ctx.app as { middleware?: unknown[] }).middleware ?? []) {
    const router = (fn as { router?: RouterLike }).router;
    if (typeof router?.match === 'function') routers.push(router);
  }
  return routers.length === 0 || routers.some((r) => r.match(ctx.path, ctx.method).route);
}

/**
 * The bodies the app's own parsers take for this request: from the app's middleware and from the
 * middleware of the @koa/router routes that take it (see `own-bodies.ts`).
 *
 * @example
 * if (!leavesBody(ctx.get('content-type'), ownBodies(ctx))) ctx.request.body = await readJsonBody(ctx.req, options);
 */
export function ownBodies(ctx: Context): OwnBodies {
  let found: OwnBodies = [];
  for (const fn of (ctx.app as { middleware?: unknown[] }).middleware ?? []) {
    found = addOwnBodies(found, fn);
    const router = (fn as { router?: RouterLike }).router;
    if (typeof router?.match !== 'function') continue;
    for (const layer of router.match(ctx.path, ctx.method).pathAndMethod ?? []) {
      for (const handler of layer.stack ?? []) found = addOwnBodies(found, handler);
    }
  }
  return found;
}
