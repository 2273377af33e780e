import { MESSAGES } from './describe-error.js';
import {
  BadRequestError,
  ContentTooLargeError,
  MethodNotAllowedError,
  NotImplementedError,
  UnsupportedMediaTypeError,
} from './errors.generated.js';
import type { HttpError } from './http-error.js';

/**
 * Methods statuskit treats as known (RFC 9110 §9 and PATCH). Any other token is answered 501,
 * any of these on a route that does not handle it 405.
 */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
]);

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The `Allow` methods for a route from the methods it handles: HEAD where GET exists, and OPTIONS,
 * in a stable order.
 *
 * @example
 * allowedMethods(['post', 'GET']) // ['GET', 'HEAD', 'POST', 'OPTIONS']
 */
export function allowedMethods(handled: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const m of handled) set.add(m.toUpperCase());
  if (set.has('GET')) set.add('HEAD');
  set.add('OPTIONS');
  const known = ORDER.filter((m) => set.has(m));
  const rest = [...set].filter((m) => !ORDER.includes(m)).sort();
  return [...known, ...rest];
}

/**
 * The error for a method the route does not handle: 501 for a method statuskit does not know, else
 * 405 with `Allow`. Returns `undefined` when the route handles no method at all (a 404 then).
 *
 * @example
 * methodError('DELETE', ['GET']) // MethodNotAllowedError with Allow: GET, HEAD, OPTIONS
 */
export function methodError(method: string, handled: Iterable<string>): HttpError | undefined {
  const allow = allowedMethods(handled);
  if (allow.length === 1) return undefined;
  if (!KNOWN_METHODS.has(method.toUpperCase())) return notImplemented(method);
  return new MethodNotAllowedError(allow);
}

/** @example throw notImplemented('FOO') */
function notImplemented(method: string): HttpError {
  const token = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,32}$/.test(method) ? method : undefined;
  return new NotImplementedError(token ? `Method ${token} is not implemented` : undefined, {
    expose: true,
    log: false,
  });
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * True for `application/json` and `application/*+json` content types, parameters allowed.
 *
 * @example
 * isJsonContentType('application/json; charset=utf-8') // true
 */
export function isJsonContentType(contentType: string | undefined | null): boolean {
  return typeof contentType === 'string' && JSON_MEDIA.test(contentType.trim());
}

/** What the request headers say about its body. */
export interface BodyHeaders {
  contentType: string | undefined | null;
  contentLength: string | undefined | null;
  transferEncoding: string | undefined | null;
  /** `Content-Encoding`; the reader decodes none, so anything but `identity` is refused. */
  contentEncoding?: string | undefined | null;
}

/**
 * True when the request has a body (a non-zero `Content-Length` or any `Transfer-Encoding`).
 *
 * @example
 * hasBody({ contentLength: '0', contentType: undefined, transferEncoding: undefined }) // false
 */
export function hasBody(h: BodyHeaders): boolean {
  return (h.contentLength != null && h.contentLength !== '0') || h.transferEncoding != null;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;
const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * The media types a route's own parsers take: `'*'` for every type (the app reads its bodies
 * itself), or a list such as `['multipart/form-data', 'application/x-www-form-urlencoded']`
 * (`type/*` and `*\/*` allowed).
 */
export type OwnBodies = '*' | readonly string[];

/**
 * Whether statuskit leaves a request body to the app's own parsers (an upload, a form, a webhook
 * read raw): true when the route's parsers take its media type. Otherwise statuskit reads it as
 * JSON, and refuses anything else with 415. Never reading what another parser takes is what lets
 * both coexist: no body is read twice.
 *
 * @example
 * leavesBody('multipart/form-data; boundary=x', ['multipart/form-data']) // true
 * leavesBody('application/json', []) // false: statuskit reads it
 */
export function leavesBody(contentType: string | undefined | null, own: OwnBodies): boolean {
  if (own === '*') return true;
  if (own.length === 0) return false;
  const media = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  for (const type of own) {
    const wanted = type.toLowerCase();
    if (wanted === media || wanted === '*/*') return true;
    if (wanted.endsWith('/*') && media.startsWith(wanted.slice(0, -1))) return true;
  }
  return false;
}

/**
 * Decides, from headers alone, whether a JSON route must refuse a body before reading it: 413 when
 * `Content-Length` exceeds the limit; 415 for a non-JSON content type, for a `charset` other than
 * UTF-8 (or its subset US-ASCII: RFC 8259 §8.1 makes JSON UTF-8, and a silently mis-decoded body
 * would corrupt data), and for a `Content-Encoding` other than `identity` (RFC 9110 §8.4: the
 * reader decodes none).
 *
 * @example
 * checkJsonBodyHeaders({ contentType: 'text/plain', contentLength: '3', transferEncoding: undefined }, 1e6) // 415
 */
export function checkJsonBodyHeaders(h: BodyHeaders, limit: number): HttpError | undefined {
  if (!hasBody(h)) return undefined;
  if (h.contentLength != null && Number(h.contentLength) > limit) return tooLarge(limit);
  if (!isJsonContentType(h.contentType))
    return new UnsupportedMediaTypeError('Content-Type must be application/json');
  const charset = CHARSET.exec(h.contentType!)?.[1]?.toLowerCase();
  if (charset !== undefined && !UTF8.has(charset)) return new UnsupportedMediaTypeError(MESSAGES.charset);
  const encoding = h.contentEncoding?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return new UnsupportedMediaTypeError(MESSAGES.encoding);
  return undefined;
}

/** @example throw tooLarge(1_048_576) */
export function tooLarge(limit: number): HttpError {
  return new ContentTooLargeError(`Request body is larger than ${limit} bytes`, {
    headers: { connection: 'close' },
  });
}

/**
 * What to do with a JSON body that carries a `__proto__` key or a `constructor` object with a
 * `prototype` key, which `Object.assign` or a naive merge would turn into prototype pollution:
 * `'error'` (the default, as Fastify's) answers 400, `'remove'` deletes the keys, `'ignore'` keeps
 * them.
 */
export type ProtoPoisoning = 'error' | 'remove' | 'ignore';

/**
 * Parses a JSON body; an empty or malformed one is a 400, and so (by default) is one with
 * `__proto__` or `constructor.prototype` keys.
 *
 * @example
 * parseJsonBody('{"a":1}') // { a: 1 }
 * parseJsonBody('{"__proto__":{"isAdmin":true}}') // throws BadRequestError
 */
export function parseJsonBody(text: string, poisoning: ProtoPoisoning = 'error'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError(MESSAGES.malformedJson);
  }
  if (poisoning !== 'ignore' && (text.includes('__proto__') || text.includes('constructor'))) {
    if (poisoned(value, poisoning === 'remove')) throw new BadRequestError(MESSAGES.protoPoisoning);
  }
  return value;
}

/** Finds (or, with `remove`, deletes) `__proto__` and `constructor.prototype` keys at any depth. */
function poisoned(value: unknown, remove: boolean): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const object = node as Record<string, unknown>;
    if (Object.hasOwn(object, '__proto__')) {
      if (!remove) return true;
      Reflect.deleteProperty(object, '__proto__');
    }
    const ctor = Object.hasOwn(object, 'constructor') ? object.constructor : undefined;
    if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) {
      if (!remove) return true;
      Reflect.deleteProperty(object, 'constructor');
    }
    for (const key in object) stack.push(object[key]);
  }
  return false;
}

const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/**
 * True when a path's percent-encoding is well formed and decodes to valid UTF-8.
 *
 * @example
 * isValidPathEncoding('/notes/%E2%9C%93') // true
 * isValidPathEncoding('/notes/%E0%A4%A') // false
 */
export function isValidPathEncoding(path: string): boolean {
  if (!path.includes('%')) return true;
  if (BAD_PERCENT.test(path)) return false;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** @example if (!isValidPathEncoding(path)) throw malformedPath() */
export function malformedPath(): HttpError {
  return new BadRequestError(MESSAGES.malformedUrl);
}

/**
 * The status for an error Node's HTTP parser raises before a request exists ('clientError'):
 * 431 for header overflow (414 when the request line alone is too long), 408 for a timeout,
 * 501 for an unknown method, 413 for chunk-extension overflow, else 400.
 *
 * @example
 * clientErrorStatus('HPE_HEADER_OVERFLOW', false) // 431
 */
export function clientErrorStatus(code: string | undefined, requestLineTooLong: boolean): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return requestLineTooLong ? 414 : 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_INVALID_METHOD':
      return 501;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    default:
      return 400;
  }
}
