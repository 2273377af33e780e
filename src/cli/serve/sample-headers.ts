import { statusHeaders } from '../../core/headers.js';
import { getStatus } from '../../index.js';
import { describeStatus } from '../../registry/index.js';

/** The challenge the status server sends with 401 and 407. */
const SAMPLE_CHALLENGE = 'Bearer realm="statuskit"';
/** The `Link` hint sent with 103 Early Hints and repeated on the final response. */
export const SAMPLE_LINK = '</style.css>; rel=preload; as=style';
/** The `ETag` of the sample representation (304, 226). */
const SAMPLE_ETAG = '"statuskit-sample"';
/** Seconds in the sample `Retry-After` of 429 and 503: short, so retrying clients stay fast. */
const SAMPLE_RETRY_AFTER = 1;
/** Where 3xx responses point: a path on this server that answers 200. */
const SAMPLE_REDIRECT = '/200';

const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The `Allow` value of the sample 405 for a request method: the standard methods minus the one
 * used (and minus its GET/HEAD twin), so `Allow` never lists the method it refused.
 *
 * @example
 * sampleAllow('DELETE') // 'GET, HEAD, POST, PUT, PATCH, OPTIONS'
 */
export function sampleAllow(method: string): string {
  const m = method.toUpperCase();
  const twin = m === 'GET' ? 'HEAD' : m === 'HEAD' ? 'GET' : '';
  return STANDARD_METHODS.filter((x) => x !== m && x !== twin).join(', ');
}

/**
 * Why a code is unusual for an application (deprecated, reserved, obsolete, temporary or meant for
 * proxies), as the text of the `Statuskit-Warning` header; `undefined` for ordinary codes.
 *
 * @example
 * codeWarning(418) // '418 is reserved (RFC 9110 section 15.5.19): an application must not send it'
 */
function codeWarning(code: number): string | undefined {
  const text = warningText(code);
  // Header values travel as latin1: keep them ASCII ("§" becomes "section").
  return text?.replace(/§\s*/g, 'section ');
}

function warningText(code: number): string | undefined {
  const entry = describeStatus(code);
  if (!entry)
    return `${code} is not a registered status code: clients treat it as ${Math.floor(code / 100)}00`;
  if (entry.restricted)
    return `${code} is ${entry.registration} (${entry.ref}): an application must not send it`;
  if (entry.registration === 'temporary') return `${code} is a temporary registration (${entry.ref})`;
  if (code === 407 || code === 511) return `${code} is for proxies and captive portals, not origin servers`;
  return undefined;
}

/**
 * The headers docs/design/wire-format.md §7 asks for on a code, with sample values (lower-case names). `bodyLength`
 * is the byte length of the body, for the `Content-Range` of a 206.
 *
 * @example
 * sampleHeaders(429, 27) // { 'retry-after': '1', ratelimit: '"default";r=0;t=1', ... }
 */
export function sampleHeaders(code: number, bodyLength: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (code === 401 || code === 407)
    Object.assign(headers, statusHeaders(code, { challenge: SAMPLE_CHALLENGE }));
  else if (code === 426 || code === 101) Object.assign(headers, statusHeaders(426, { upgrade: 'websocket' }));
  else if (code === 416) Object.assign(headers, statusHeaders(416, { rangeLength: 1000 }));
  else if (code === 429 || code === 503) {
    Object.assign(headers, statusHeaders(code, { retryAfter: SAMPLE_RETRY_AFTER }));
    if (code === 429) {
      headers['ratelimit-policy'] = '"default";q=60;w=60';
      headers.ratelimit = `"default";r=0;t=${SAMPLE_RETRY_AFTER}`;
    }
  } else if (code === 201) headers.location = '/codes/201';
  else if (getStatus(code)?.redirect) headers.location = SAMPLE_REDIRECT;
  else if (code === 304 || code === 226) headers.etag = SAMPLE_ETAG;
  else if (code === 206) headers['content-range'] = `bytes 0-${Math.max(0, bodyLength - 1)}/*`;
  else if (code === 103) headers.link = SAMPLE_LINK;
  else if (code === 415) headers.accept = 'application/json';
  else if (code === 451) headers.link = '<https://example.org/legal-demand>; rel="blocked-by"';
  if (code >= 400) headers['cache-control'] = 'no-store';
  const warning = codeWarning(code);
  if (warning !== undefined) headers['statuskit-warning'] = warning;
  return headers;
}
