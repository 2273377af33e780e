import { StatuskitConfigError } from './config-error.js';
import type { ResponseParts } from './envelope.js';
import { NotFoundError } from './errors.generated.js';
import type { HttpError } from './http-error.js';
import { allowedMethods, methodError } from './request-rules.js';

/** A handler found for a request, with the path parameters it was matched with (decoded). */
export interface RouteHit<H> {
  handler: H;
  params: Record<string, string>;
}

interface Pattern<H> {
  /** Literal segments, or `null` where a parameter goes. */
  segments: (string | null)[];
  names: string[];
  methods: Map<string, H>;
}

const PARAM = /^:[A-Za-z_$][\w$]*$/;

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

/**
 * A minimal router for frameworks that have none (plain `node:http`): path patterns with `:param`
 * segments, matched exactly (no trailing-slash or case folding). It finds the handler for a method
 * and path (HEAD falls back to GET), and tells which methods a path has, so 404, 405 with `Allow`
 * and OPTIONS can be answered.
 *
 * @example
 * const routes = new RouteTable<string>();
 * routes.add('GET', '/items/:id', 'show');
 * routes.match('HEAD', '/items/7') // { handler: 'show', params: { id: '7' } }
 * routes.methodsFor('/items/7') // ['GET']
 */
export class RouteTable<H> {
  #static = new Map<string, Map<string, H>>();
  #dynamic: Pattern<H>[] = [];

  /**
   * Adds a handler for a method (any token, upper-cased) and a pattern such as `/notes/:id`.
   * Adding the same method and pattern twice throws `ERR_STATUSKIT_INVALID_ROUTE`.
   *
   * @example
   * routes.add('POST', '/notes', createNote)
   */
  add(method: string, pattern: string, handler: H): this {
    const verb = method.toUpperCase();
    if (!/^[A-Z0-9!#$%&'*+.^_`|~-]+$/.test(verb) || typeof pattern !== 'string' || !pattern.startsWith('/')) {
      throw invalidRoute(
        `${String(method)} ${String(pattern)} is not a method token and a path starting with /.`,
      );
    }
    const parts = splitPath(pattern);
    let methods: Map<string, H> | undefined;
    if (parts.some((p) => p.startsWith(':'))) {
      const names: string[] = [];
      const segments = parts.map((p) => {
        if (!p.startsWith(':')) return p;
        if (!PARAM.test(p) || names.includes(p.slice(1)))
          throw invalidRoute(`${pattern} has a bad parameter ${p}.`);
        names.push(p.slice(1));
        return null;
      });
      const key = segments.map((s) => s ?? ':').join('/');
      methods = this.#dynamic.find((d) => d.segments.map((s) => s ?? ':').join('/') === key)?.methods;
      if (!methods) {
        methods = new Map();
        this.#dynamic.push({ segments, names, methods });
      }
    } else {
      methods = this.#static.get(pattern);
      if (!methods) {
        methods = new Map();
        this.#static.set(pattern, methods);
      }
    }
    if (methods.has(verb)) throw invalidRoute(`${verb} ${pattern} is already routed.`);
    methods.set(verb, handler);
    return this;
  }

  /**
   * The handler for a method and path (HEAD uses GET's when it has none), or `undefined`. Static
   * patterns win over patterns with parameters; among those, the first added wins.
   *
   * @example
   * routes.match('GET', '/notes/1')?.params.id // '1'
   */
  match(method: string, path: string): RouteHit<H> | undefined {
    const fixed = this.#static.get(path);
    if (fixed) {
      const handler = pick(fixed, method);
      if (handler !== undefined) return { handler, params: {} };
    }
    if (this.#dynamic.length === 0) return undefined;
    const parts = splitPath(path);
    for (const pattern of this.#dynamic) {
      const handler = pick(pattern.methods, method);
      if (handler === undefined) continue;
      const params = capture(pattern, parts);
      if (params) return { handler, params };
    }
    return undefined;
  }

  /**
   * Every method routed on a path, over all patterns that match it; empty for an unknown path.
   *
   * @example
   * routes.methodsFor('/nowhere') // []
   */
  methodsFor(path: string): string[] {
    const methods = new Set<string>(this.#static.get(path)?.keys());
    const parts = splitPath(path);
    for (const pattern of this.#dynamic) {
      if (capture(pattern, parts)) for (const m of pattern.methods.keys()) methods.add(m);
    }
    return [...methods];
  }
}

function pick<H>(methods: Map<string, H>, method: string): H | undefined {
  return methods.get(method) ?? (method === 'HEAD' ? methods.get('GET') : undefined);
}

function capture<H>(pattern: Pattern<H>, parts: string[]): Record<string, string> | undefined {
  const { segments, names } = pattern;
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  let n = 0;
  for (let i = 0; i < segments.length; i++) {
    const part = parts[i]!;
    const literal = segments[i];
    if (literal === null) {
      if (part === '') return undefined;
      params[names[n++]!] = decode(part);
    } else if (literal !== part) return undefined;
  }
  return params;
}

function decode(part: string): string {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function invalidRoute(problem: string): StatuskitConfigError {
  return new StatuskitConfigError(
    'ERR_STATUSKIT_INVALID_ROUTE',
    problem,
    "route each method and pattern once, e.g. add('GET', '/notes/:id', handler).",
  );
}

/**
 * The answer for a request no handler took, from the methods its path has: OPTIONS on a known path
 * gets 204 with `Allow`; otherwise the error to answer: 404 (unknown path, or a route that takes
 * the method but passed the request on: `*` stands for every method), 501 (a method statuskit does
 * not know) or 405 with `Allow`. Never throws. Adapters call it after the framework's router
 * found nothing.
 *
 * @example
 * unroutedAnswer('OPTIONS', ['GET']) // { status: 204, headers: { allow: 'GET, HEAD, OPTIONS' }, body: undefined }
 * unroutedAnswer('DELETE', ['GET']) // MethodNotAllowedError (Allow: GET, HEAD, OPTIONS)
 */
export function unroutedAnswer(method: string, handled: readonly string[]): ResponseParts | HttpError {
  const verb = method.toUpperCase();
  // No path, or a route that takes the method yet passed the request on (Express's next(),
  // Fastify's callNotFound(), a static-file miss): nothing is there.
  if (
    handled.length === 0 ||
    handled.some((m) => m === verb || m === '*' || (verb === 'HEAD' && m === 'GET'))
  ) {
    return new NotFoundError();
  }
  if (verb === 'OPTIONS') {
    return { status: 204, headers: { allow: allowedMethods(handled).join(', ') }, body: undefined };
  }
  return methodError(method, handled) ?? new NotFoundError();
}

/**
 * The path of a request target without its query, exactly as routers see it: `/a/b` from
 * `/a/b?x=1`, and from the absolute form `http://host/a/b`. Neither decoded nor normalised: dot
 * segments stay (`/a/%2e%2e/b`), so a guard sees the very path Express, Fastify and Koa dispatch.
 * Never empty.
 *
 * @example
 * requestPath('/notes/1?full=1') // '/notes/1'
 * requestPath('http://h/api/%2e%2e/health') // '/api/%2e%2e/health'
 */
export function requestPath(target: string | undefined): string {
  if (!target) return '/';
  const q = target.indexOf('?');
  let path = q === -1 ? target : target.slice(0, q);
  if (path.startsWith('/')) return path;
  // Absolute form (RFC 9112 §3.2.2): the path starts at the first `/` after `scheme://authority`.
  const scheme = path.indexOf('://');
  if (scheme !== -1) {
    const slash = path.indexOf('/', scheme + 3);
    path = slash === -1 ? '/' : path.slice(slash);
    const hash = path.indexOf('#');
    return hash === -1 ? path : path.slice(0, hash) || '/';
  }
  return path || '/';
}
