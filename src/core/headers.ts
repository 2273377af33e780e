import { StatuskitConfigError } from './config-error.js';

/** RFC 9110 §5.1: a field name is a token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 9110 §5.5: visible ASCII, space, tab and obs-text (Latin-1); never CR, LF, NUL or another control. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * True when a header name is an RFC 9110 token: no space, colon or other separator.
 *
 * @example
 * isHeaderName('x-request-id') // true
 * isHeaderName('bad name') // false
 */
export function isHeaderName(name: unknown): name is string {
  return typeof name === 'string' && TOKEN.test(name);
}

/**
 * True when a header value can be written as it is: visible ASCII, space, tab or Latin-1 text, and
 * no CR, LF or NUL (so it cannot split a response).
 *
 * @example
 * isSafeHeaderValue('/notes/1') // true
 * isSafeHeaderValue('/x\r\nSet-Cookie: a=b') // false
 * isSafeHeaderValue('東京') // false: outside Latin-1
 */
export function isSafeHeaderValue(value: unknown): value is string {
  return typeof value === 'string' && FIELD_VALUE.test(value);
}

/**
 * Returns the value, or throws `ERR_STATUSKIT_UNSAFE_HEADER` when the name is not a token or the
 * value is not safe to write ({@link isSafeHeaderValue}). For headers a handler passes to a success
 * helper: a mistake there is the developer's, told at the call.
 *
 * @example
 * res.setHeader('Location', safeHeaderValue(url, 'Location'))
 */
export function safeHeaderValue(value: string, name: string): string {
  if (!isHeaderName(name)) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_UNSAFE_HEADER',
      `${JSON.stringify(String(name))} is not a valid header name, so it was not written.`,
      "use a token such as x-request-id: letters, digits and !#$%&'*+.^_`|~- only.",
    );
  }
  if (!isSafeHeaderValue(value)) throw unsafeValue(name);
  return value;
}

function unsafeValue(name: string): StatuskitConfigError {
  return new StatuskitConfigError(
    'ERR_STATUSKIT_UNSAFE_HEADER',
    `The ${name} header value is not text free of CR, LF, NUL and characters outside Latin-1, so it was not written.`,
    'encode user data before putting it into a header (for a URL, use encodeURI or the URL class).',
  );
}

/**
 * The `Location` value for a URL: CR, LF and NUL are refused (`ERR_STATUSKIT_UNSAFE_HEADER`), any
 * other character outside URL syntax is percent-encoded ({@link encodeLocation}).
 *
 * @example
 * locationValue('/items/東京') // '/items/%E6%9D%B1%E4%BA%AC'
 */
export function locationValue(url: string): string {
  if (typeof url !== 'string' || /[\r\n\0]/.test(url)) throw unsafeValue('Location');
  return encodeLocation(url);
}

/** Characters a URL keeps as they are (RFC 3986 unreserved, reserved and `%`). */
const URL_SAFE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const STRAY_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/**
 * A `Location` value with every character outside RFC 3986's URL characters percent-encoded as
 * UTF-8 (an existing `%XX` is kept, a stray `%` becomes `%25`), as Express's `res.location()` does.
 *
 * @example
 * encodeLocation('/items/東京') // '/items/%E6%9D%B1%E4%BA%AC'
 */
function encodeLocation(url: string): string {
  if (URL_SAFE.test(url) && !STRAY_PERCENT.test(url)) return url;
  let out = '';
  for (const char of url) {
    if (URL_SAFE.test(char)) out += char;
    else out += encodeUtf8(char);
  }
  return out.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
}

function encodeUtf8(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD, as the URL standard writes it
  }
}

/**
 * The headers of an error that can be written: lower-case names that are tokens, string (or
 * numeric) values that are safe. Anything else is left out and named in `dropped`, for the log.
 *
 * @example
 * writableHeaders({ 'X-User': '東京', 'x-id': '7' }) // { headers: { 'x-id': '7' }, dropped: ['X-User'] }
 */
export function writableHeaders(raw: unknown): { headers: Record<string, string>; dropped: string[] } {
  const headers: Record<string, string> = {};
  const dropped: string[] = [];
  if (typeof raw !== 'object' || raw === null) return { headers, dropped };
  for (const name of Object.keys(raw)) {
    let value: unknown;
    try {
      value = (raw as Record<string, unknown>)[name];
    } catch {
      dropped.push(name);
      continue;
    }
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (isHeaderName(name) && isSafeHeaderValue(text)) headers[name.toLowerCase()] = text;
    else dropped.push(name);
  }
  return { headers, dropped };
}

/**
 * A `Retry-After` value in whole seconds, at least 1, from a number of seconds or a date.
 *
 * @example
 * retryAfterValue(0.2) // '1'
 * retryAfterValue(new Date(Date.now() + 90_000)) // '90'
 */
export function retryAfterValue(after: number | Date): string {
  const seconds = after instanceof Date ? (after.getTime() - Date.now()) / 1000 : after;
  return String(Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : 1);
}

/**
 * Options that produce the headers a status code requires or recommends
 * (`docs/design/wire-format.md` §7). Every error class takes them through {@link HttpErrorOptions}.
 *
 * @example
 * throw new ServiceUnavailableError('Down for maintenance', { retryAfter: 120 }); // Retry-After: 120
 */
export interface StatusHeaderOptions {
  /** 405: the methods the resource supports; becomes `Allow`. */
  allow?: readonly string[];
  /** 401 and 407: the authentication challenge; default `Bearer`. */
  challenge?: string;
  /** 413, 429 and 503: seconds (or a date) after which the client may retry; becomes `Retry-After`. */
  retryAfter?: number | Date;
  /** 426: the protocol(s) to upgrade to; becomes `Upgrade` with `Connection: upgrade`. */
  upgrade?: string;
  /** 416: the current length of the representation; becomes `Content-Range: bytes *\/<length>`. */
  rangeLength?: number;
}

/**
 * Builds the headers a code requires from the options given (lower-case names).
 *
 * @example
 * statusHeaders(405, { allow: ['GET', 'HEAD'] }) // { allow: 'GET, HEAD' }
 */
export function statusHeaders(
  status: number,
  options: StatusHeaderOptions | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (status === 401)
    headers['www-authenticate'] = safeHeaderValue(options?.challenge ?? 'Bearer', 'WWW-Authenticate');
  else if (status === 407)
    headers['proxy-authenticate'] = safeHeaderValue(options?.challenge ?? 'Bearer', 'Proxy-Authenticate');
  else if (status === 405) headers.allow = safeHeaderValue((options?.allow ?? []).join(', '), 'Allow');
  else if (status === 426) {
    headers.upgrade = safeHeaderValue(options?.upgrade ?? 'HTTP/1.1', 'Upgrade');
    headers.connection = 'upgrade';
  } else if (status === 416 && options?.rangeLength !== undefined) {
    headers['content-range'] = `bytes */${Math.max(0, Math.floor(options.rangeLength))}`;
  }
  if (options?.retryAfter !== undefined) headers['retry-after'] = retryAfterValue(options.retryAfter);
  return headers;
}
