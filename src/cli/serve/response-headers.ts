import { withCors } from './cors.js';
import type { Variant } from './prepared.js';

/** The most response headers one request may ask for. */
export const MAX_CUSTOM_HEADERS = 20;
/** The longest value of a requested response header, in characters. */
const MAX_HEADER_VALUE = 1024;

/** The prefix of the request-header form: `Statuskit-Response-Foo: Bar` sends `Foo: Bar`. */
export const RESPONSE_HEADER_PREFIX = 'statuskit-response-';

const TOKEN = /^[!#$%&'*+.^`|~\w-]{1,64}$/;
const SAFE_VALUE = /^[\t\x20-\x7e]*$/;

// Headers a response may not take from a request, and why (RFC 9110 §7.6.1, RFC 9112 §6).
const REFUSED: Readonly<Record<string, string>> = {
  connection: 'Connection is hop-by-hop (RFC 9110 §7.6.1)',
  'keep-alive': 'Keep-Alive is hop-by-hop (RFC 9110 §7.6.1)',
  'proxy-connection': 'Proxy-Connection is hop-by-hop (RFC 9110 §7.6.1)',
  te: 'TE is hop-by-hop (RFC 9110 §7.6.1)',
  trailer: 'Trailer announces fields the server never sends (RFC 9110 §6.6.2)',
  upgrade: 'Upgrade is hop-by-hop (RFC 9110 §7.6.1)',
  'transfer-encoding': 'Transfer-Encoding frames the message (RFC 9112 §6.1); the server sets it',
  'content-length': 'Content-Length frames the message (RFC 9112 §6.2); the server sets it',
};

/**
 * Checks one response header asked for by a request (`header=Name:Value` or
 * `Statuskit-Response-Name: Value`): the name must be a token and not a hop-by-hop or framing
 * field, the value visible ASCII (tabs and spaces allowed) of at most 1024 characters. Returns
 * the lower-case name and trimmed value, or the sentence that says why it is refused.
 *
 * @example
 * checkResponseHeader('X-Trace', ' abc ') // ['x-trace', 'abc']
 * checkResponseHeader('Connection', 'close') // 'header Connection is refused: Connection is hop-by-hop (RFC 9110 §7.6.1).'
 */
export function checkResponseHeader(name: string, value: string): [string, string] | string {
  const shownName = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  if (!TOKEN.test(name))
    return `header name ${shownName} must be a token of 1 to 64 characters (RFC 9110 §5.1).`;
  const lower = name.toLowerCase();
  const why = REFUSED[lower];
  if (why !== undefined) return `header ${name} is refused: ${why}.`;
  const trimmed = value.trim();
  if (!SAFE_VALUE.test(trimmed))
    return `header ${name}: the value must be visible ASCII, spaces and tabs (no CR, LF or NUL).`;
  if (trimmed.length > MAX_HEADER_VALUE)
    return `header ${name}: the value must be at most ${MAX_HEADER_VALUE} characters.`;
  return [lower, trimmed];
}

/**
 * Splits the query form `Name:Value` at its first colon; `undefined` when there is none.
 *
 * @example
 * splitHeaderParameter('X-Trace:a:b') // ['X-Trace', 'a:b']
 */
export function splitHeaderParameter(text: string): [string, string] | undefined {
  const colon = text.indexOf(':');
  if (colon === -1) return undefined;
  return [text.slice(0, colon).trim(), text.slice(colon + 1)];
}

/**
 * A copy of an answer with the response headers a request asked for: each replaces the default
 * of the same name (a repeated name is joined with commas), and all are exposed to browsers.
 *
 * @example
 * withResponseHeaders(variant, [['x-trace', 'abc']]).headers['x-trace'] // 'abc'
 */
export function withResponseHeaders(v: Variant, pairs: readonly [string, string][]): Variant {
  const headers = { ...v.headers };
  const given = new Set<string>();
  for (const [name, value] of pairs) {
    headers[name] = given.has(name) ? `${headers[name]}, ${value}` : value;
    given.add(name);
  }
  return { ...v, headers: withCors(headers, [...given]) };
}
