import { StatuskitConfigError } from './config-error.js';

const UNSAFE = /[\r\n\0]/;

/**
 * True when a header value carries no CR, LF or NUL and so cannot split a response.
 *
 * @example
 * isSafeHeaderValue('/notes/1') // true
 * isSafeHeaderValue('/x\r\nSet-Cookie: a=b') // false
 */
export function isSafeHeaderValue(value: string): boolean {
  return !UNSAFE.test(value);
}

/**
 * Returns the value, or throws `ERR_STATUSKIT_UNSAFE_HEADER` when it contains CR, LF or NUL.
 *
 * @example
 * res.setHeader('Location', safeHeaderValue(url, 'Location'))
 */
export function safeHeaderValue(value: string, name: string): string {
  if (typeof value !== 'string' || UNSAFE.test(value)) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_UNSAFE_HEADER',
      `The ${name} header value is not a string free of CR, LF and NUL, so it was not written.`,
      'encode user data before putting it into a header (for a URL, use encodeURI or the URL class).',
    );
  }
  return value;
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

/** Options that produce the headers a status code requires or recommends (CONTRACT §1.7). */
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
