import type { IncomingMessage } from 'node:http';
import { errorBody, JSON_TYPE, successBody } from '../../core/envelope.js';
import { evaluatePreconditions } from '../../guards/conditional.js';
import { requestPreconditions } from '../../guards/conditional-response.js';
import { getStatus, statusMessage } from '../../index.js';
import { withCors } from './cors.js';
import type { ServeLimits } from './limits.js';
import { buildAnswer, reasonPhrase, type Variant } from './prepared.js';
import { rangeAnswer, rangeBody } from './range.js';
import { redirectTarget } from './redirect-target.js';

/** What the extra endpoints read besides the request. */
export interface EndpointContext {
  limits: ServeLimits;
  /** The `Last-Modified` of `/cache`: the server's start, in whole seconds. */
  startedAt: Date;
}

/** An endpoint's verdict: an answer, or a 400 with the sentence that says why. */
export type EndpointResult = Variant | { problem: string };

const JSON_HEADERS = { 'content-type': JSON_TYPE };

function json(status: number, text: string, headers: Record<string, string>): Variant {
  const body = status === 304 ? undefined : Buffer.from(text);
  const all: Record<string, string> = { ...headers };
  if (body) {
    all['content-type'] = JSON_TYPE;
    all['content-length'] = String(body.length);
  } else delete all['content-type'];
  if (status >= 400) all['cache-control'] = 'no-store';
  return { status, reason: reasonPhrase(status), headers: withCors(all), body };
}

function conditional(
  req: IncomingMessage,
  etag: string,
  headers: Record<string, string>,
  lastModified?: Date,
) {
  const asked = requestPreconditions('GET', (name) => req.headers[name] as string | undefined);
  const status = evaluatePreconditions(asked, etag, lastModified) ?? 200;
  const text = status === 412 ? errorBody(statusMessage(412)) : successBody(statusMessage(200), { etag });
  return json(status, text, status === 412 ? {} : { ...headers, etag });
}

/**
 * `/206`: the 206 envelope as a representation that honours `Range` (RFC 9110 §14): 206 with
 * `Content-Range` only when a satisfiable range is asked for, 416 with `bytes * /n` when not,
 * otherwise 200 with the whole body.
 *
 * @example
 * partialContent(req) // Range: bytes=0-9 → 206 Content-Range: bytes 0-9/29
 */
export function partialContent(req: IncomingMessage, message?: string): Variant {
  const body = Buffer.from(successBody(message ?? statusMessage(206)));
  return rangeAnswer(req, body, JSON_HEADERS, '"statuskit-206"');
}

/**
 * `/range/{n}`: `n` bytes of the alphabet with ranges honoured (see {@link rangeAnswer}).
 *
 * @example
 * rangeBytes(req, '26', ctx) // 200, 26 bytes, ETag "range-26", Accept-Ranges: bytes
 */
export function rangeBytes(req: IncomingMessage, n: string, ctx: EndpointContext): EndpointResult {
  const max = ctx.limits.maxRangeBytes;
  if (!/^\d{1,9}$/.test(n) || Number(n) > max)
    return { problem: `range needs a length from 0 to ${max} bytes (--max-range-bytes), e.g. /range/1024.` };
  const size = Number(n);
  return rangeAnswer(req, rangeBody(size), { 'content-type': 'application/octet-stream' }, `"range-${size}"`);
}

/**
 * `/etag/{etag}`: a representation with `ETag: "{etag}"`; 304 on a matching `If-None-Match`,
 * 412 on a failing `If-Match` (RFC 9110 §13.1).
 *
 * @example
 * etagResource(req, 'v1') // If-None-Match: "v1" → 304
 */
export function etagResource(req: IncomingMessage, tag: string): EndpointResult {
  if (!/^[\x21\x23-\x7e]{1,64}$/.test(tag))
    return {
      problem: 'etag must be 1 to 64 visible ASCII characters without a double quote, e.g. /etag/v1.',
    };
  return conditional(req, `"${tag}"`, { 'cache-control': 'no-cache' });
}

/**
 * `/cache` (`Cache-Control: no-cache`) and `/cache/{n}` (`public, max-age=n`): a representation
 * with `ETag` and `Last-Modified`; 304 when `If-None-Match` matches or, without it,
 * `If-Modified-Since` is not older than `Last-Modified`.
 *
 * @example
 * cacheResource(req, undefined, ctx) // If-Modified-Since: <Last-Modified> → 304
 */
export function cacheResource(
  req: IncomingMessage,
  seconds: string | undefined,
  ctx: EndpointContext,
): EndpointResult {
  if (seconds !== undefined && (!/^\d{1,9}$/.test(seconds) || Number(seconds) > 31_536_000))
    return { problem: 'cache needs a max-age from 0 to 31536000 seconds, e.g. /cache/60.' };
  const control = seconds === undefined ? 'no-cache' : `public, max-age=${Number(seconds)}`;
  const headers = { 'cache-control': control, 'last-modified': ctx.startedAt.toUTCString() };
  return conditional(req, '"statuskit-cache"', headers, ctx.startedAt);
}

function redirectStatus(query: URLSearchParams): number | { problem: string } {
  const text = query.get('status');
  if (text === null) return 302;
  const code = /^\d{3}$/.test(text) ? Number(text) : 0;
  if (getStatus(code)?.redirect) return code;
  return { problem: 'status must be a redirect code: 300, 301, 302, 303, 307 or 308.' };
}

function redirectAnswer(req: IncomingMessage, code: number, location: string): Variant {
  const v = buildAnswer(code, false, { method: req.method });
  v.headers.location = location;
  return v;
}

/**
 * `/redirect/{n}`: a chain of `n` redirects (`?status=` picks the code, 302 by default) ending at
 * `/200`; `n` is at most `--max-redirects`.
 *
 * @example
 * redirectChain(req, '3', new URLSearchParams(), ctx) // 302 Location: /redirect/2
 */
export function redirectChain(
  req: IncomingMessage,
  n: string,
  query: URLSearchParams,
  ctx: EndpointContext,
): EndpointResult {
  const max = ctx.limits.maxRedirects;
  if (!/^\d{1,4}$/.test(n) || Number(n) < 1 || Number(n) > max)
    return { problem: `redirect needs a count from 1 to ${max} (--max-redirects), e.g. /redirect/3.` };
  const code = redirectStatus(query);
  if (typeof code !== 'number') return code;
  const keep = query.has('status') ? `?status=${code}` : '';
  const next = Number(n) === 1 ? '/200' : `/redirect/${Number(n) - 1}${keep}`;
  return redirectAnswer(req, code, next);
}

/**
 * `/redirect-to?url=…&status=…`: one redirect to a path on this server, this server's own
 * origin, or an origin allowed with `--redirect-allow`; anything else is a 400, never an open
 * redirect.
 *
 * @example
 * redirectTo(req, new URLSearchParams('url=/404'), ctx) // 302 Location: /404
 */
export function redirectTo(
  req: IncomingMessage,
  query: URLSearchParams,
  ctx: EndpointContext,
): EndpointResult {
  const url = query.get('url');
  if (url === null) return { problem: 'redirect-to needs url=, e.g. /redirect-to?url=/200.' };
  const target = redirectTarget(url, req.headers.host, ctx.limits.redirectAllow);
  if (typeof target !== 'string') return target;
  const code = redirectStatus(query);
  if (typeof code !== 'number') return code;
  return redirectAnswer(req, code, target);
}
