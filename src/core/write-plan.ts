import type { ResponseParts } from './envelope.js';
import { getStatus } from './registry.js';

/**
 * Exactly what an adapter writes for a set of response parts, decided once for every framework
 * (RFC 9110 §6.4.1, §9.3.2, §15.3.6): no content, `Content-Type` or `Content-Length` on 1xx, 204 and
 * 304; `Content-Length: 0` and no content on 205; HEAD gets GET's headers, `Content-Length`
 * included, without the content.
 */
export interface WritePlan {
  status: number;
  /** The registry's reason phrase for the status line; `undefined` for an unregistered code. */
  phrase: string | undefined;
  /**
   * Headers to set (lower-case names); `content-length` included with content when asked for
   * (a framework that frames the content itself is not asked), and `0` on 205.
   */
  headers: Record<string, string>;
  /**
   * Headers of the plan that give way to ones the handler already set: on an error,
   * `Cache-Control: no-store` yields to the handler's own caching decision, and the default
   * `WWW-Authenticate` to the handler's own challenge.
   */
  yields: readonly string[];
  /** Headers the handler set that must go (`content-type`, `content-length` on bodiless answers). */
  remove: readonly string[];
  /** The content to send; `undefined` when nothing is sent (bodiless status, HEAD). */
  body: string | undefined;
  /**
   * The content of the representation, HEAD or not (`undefined` for a bodiless status): for a
   * framework that drops a HEAD answer's content itself and takes its length from it.
   */
  content: string | undefined;
}

const BODILESS_REMOVE: readonly string[] = ['content-type', 'content-length'];
const NOTHING: readonly string[] = [];
const BOTH_YIELD: readonly string[] = ['cache-control', 'www-authenticate'];
const CACHE_CONTROL_YIELDS: readonly string[] = ['cache-control'];
const CHALLENGE_YIELDS: readonly string[] = ['www-authenticate'];

/** An error's headers that give way to the handler's own (no allocation: this runs per error). */
function yieldsOf(status: number, headers: Record<string, string>): readonly string[] {
  if (status < 400) return NOTHING;
  const cache = headers['cache-control'] !== undefined;
  const challenge = headers['www-authenticate'] !== undefined;
  return cache ? (challenge ? BOTH_YIELD : CACHE_CONTROL_YIELDS) : challenge ? CHALLENGE_YIELDS : NOTHING;
}
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The length in bytes of a string sent as UTF-8, without Node's `Buffer`.
 *
 * @example
 * utf8Length('東京') // 6
 */
export function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Plans the write of response parts for a request method. `withLength` puts the content's
 * `Content-Length` among the headers: for a writer that frames the content itself (Node's
 * response), or for a HEAD answer whose length the runtime cannot see.
 *
 * @example
 * planWrite(noContent(), 'GET') // { status: 204, body: undefined, remove: ['content-type', 'content-length'], ... }
 * planWrite(ok([1]), 'HEAD').headers['content-length'] // '22'
 */
export function planWrite(parts: ResponseParts, method: string | undefined, withLength = true): WritePlan {
  const { status, body } = parts;
  const entry = getStatus(status);
  const yields = yieldsOf(status, parts.headers);
  if (body === undefined || entry?.bodyAllowed === false) {
    const headers: Record<string, string> = {};
    for (const name in parts.headers) {
      if (name !== 'content-type' && name !== 'content-length') headers[name] = parts.headers[name]!;
    }
    if (status === 205) headers['content-length'] = '0';
    return {
      status,
      phrase: entry?.phrase,
      headers,
      yields,
      remove: status === 205 ? ['content-type'] : BODILESS_REMOVE,
      body: undefined,
      content: undefined,
    };
  }
  const headers: Record<string, string> = {};
  for (const name in parts.headers) headers[name] = parts.headers[name]!;
  if (withLength) headers['content-length'] = String(utf8Length(body));
  return {
    status,
    phrase: entry?.phrase,
    headers,
    yields,
    remove: NOTHING,
    body: method === 'HEAD' ? undefined : body,
    content: body,
  };
}
