import { type ResponseParts, successBody } from '../core/envelope.js';
import { type HttpError, PreconditionFailedError } from '../index.js';
import type { EtagMode } from './adapter-options.js';
import { etag, evaluatePreconditions, type Preconditions } from './conditional.js';

/**
 * Reads a request's conditional headers (`If-Match`, `If-None-Match`, `If-Modified-Since`,
 * `If-Unmodified-Since`) through a lower-case header lookup.
 *
 * @example
 * const conditions = requestPreconditions(req.method, (name) => req.headers[name] as string | undefined);
 */
export function requestPreconditions(
  method: string,
  header: (name: string) => string | undefined,
): Preconditions {
  return {
    method,
    ifMatch: header('if-match'),
    ifNoneMatch: header('if-none-match'),
    ifModifiedSince: header('if-modified-since'),
    ifUnmodifiedSince: header('if-unmodified-since'),
  };
}

/**
 * The `ETag` a 200 success helper sends for `data` (`ok(data)`, message `OK` unless given) under
 * an adapter's `etag` setting; strong when the setting is `false`. Handlers of unsafe methods
 * compare `If-Match` against it.
 *
 * @example
 * etagForData({ id: 1 }, 'strong') === etag('{"success":"OK","data":{"id":1}}') // true
 */
export function etagForData(data: unknown, mode: EtagMode, message = 'OK'): string {
  return etag(successBody(message, data), { weak: mode === 'weak' });
}

/**
 * What a success helper sends once the `etag` setting is applied. For a 200 with a body to GET or
 * HEAD: the parts with an `ETag` (the handler's own, else one computed from the body), or a 304
 * with that `ETag` and no body when `If-None-Match` matches, or a `PreconditionFailedError` to
 * answer when `If-Match` fails. Anything else, or `mode` false, comes back unchanged.
 *
 * @example
 * const out = conditionalSuccess(ok({ id: 1 }), { method: 'GET', ifNoneMatch: tag }, 'strong');
 * // out.status === 304 when tag is the body's ETag
 */
export function conditionalSuccess(
  parts: ResponseParts,
  request: Preconditions,
  mode: EtagMode,
  presetEtag?: string,
): ResponseParts | HttpError {
  if (mode === false || parts.status !== 200 || parts.body === undefined) return parts;
  if (request.method !== 'GET' && request.method !== 'HEAD') return parts;
  const tag = parts.headers.etag ?? presetEtag ?? etag(parts.body, { weak: mode === 'weak' });
  const verdict = evaluatePreconditions(request, tag);
  if (verdict === 412) return new PreconditionFailedError();
  if (verdict === 304) {
    const headers: Record<string, string> = {};
    for (const name in parts.headers) {
      if (name !== 'content-type' && name !== 'content-length') headers[name] = parts.headers[name]!;
    }
    headers.etag = tag;
    return { status: 304, headers, body: undefined };
  }
  return parts.headers.etag === tag ? parts : { ...parts, headers: { ...parts.headers, etag: tag } };
}

/**
 * A handler's precondition check against the current `ETag` (`undefined` when the resource does not
 * exist), per RFC 9110 §13.2.2: throws `PreconditionFailedError` (412) when `If-Match` or
 * `If-Unmodified-Since` fails, or when `If-None-Match` matches on a method other than GET and HEAD.
 * On GET and HEAD a matching `If-None-Match` is left to the success helper (304 with `etag` on).
 *
 * @example
 * checkPreconditions({ method: 'PUT', ifMatch: '"old"' }, '"new"') // throws 412
 */
export function checkPreconditions(
  request: Preconditions,
  currentEtag: string | undefined,
  lastModified?: Date,
): void {
  if (evaluatePreconditions(request, currentEtag, lastModified) === 412) {
    throw new PreconditionFailedError();
  }
}
