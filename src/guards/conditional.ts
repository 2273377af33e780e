import { sha1Base64url } from './sha1.js';

const encoder = new TextEncoder();

/**
 * Options for {@link etag}.
 *
 * @example
 * etag(body, { weak: true })
 */
export interface EtagOptions {
  /** A weak validator (`W/"…"`): equal meaning rather than equal bytes. Default false (strong). */
  weak?: boolean;
}

/**
 * An entity tag for a response body: a SHA-1 of the bytes (base64url, 27 characters) after the
 * byte length, quoted, with `W/` when weak. Equal bodies always get equal tags, on every runtime
 * (`node:crypto` where there is one, the same hash in plain TypeScript elsewhere).
 *
 * @example
 * etag('{"success":"OK"}') // '"10-…"'
 * etag(body, { weak: true }) // 'W/"10-…"'
 */
export function etag(body: string | Uint8Array, options: EtagOptions = {}): string {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const hash = sha1Base64url(bytes).slice(0, 27);
  const tag = `"${bytes.byteLength.toString(16)}-${hash}"`;
  return options.weak === true ? `W/${tag}` : tag;
}

/**
 * The request's conditional headers, as raw header values.
 *
 * @example
 * evaluatePreconditions({ method: req.method, ifNoneMatch: req.headers['if-none-match'] }, tag)
 */
export interface Preconditions {
  /** The request method; only GET and HEAD can get a 304. */
  method: string;
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  ifUnmodifiedSince?: string | undefined;
}

/** A parsed entity tag. */
interface EntityTag {
  weak: boolean;
  opaque: string;
}

/**
 * Evaluates conditional request headers against the current representation, in the order of
 * RFC 9110 §13.2.2, and says what to answer instead of running the method:
 * - `If-Match` false (no current representation for `*`, or no tag equal by strong comparison) → 412;
 * - else `If-Unmodified-Since` (only without `If-Match`) false → 412;
 * - `If-None-Match` false (a representation exists for `*`, or a tag equal by weak comparison)
 *   → 304 for GET and HEAD, 412 for any other method;
 * - else `If-Modified-Since` (GET/HEAD only, only without `If-None-Match`) false → 304;
 * - otherwise `undefined`: go ahead.
 *
 * `currentEtag` is `undefined` when the resource does not exist. A 304 must carry the same
 * `ETag` (and Cache-Control, Vary…) a 200 would, with no body.
 *
 * @example
 * evaluatePreconditions({ method: 'GET', ifNoneMatch: '"a"' }, '"a"') // 304
 * evaluatePreconditions({ method: 'PUT', ifMatch: '"old"' }, '"new"') // 412
 * evaluatePreconditions({ method: 'PUT', ifNoneMatch: '*' }, undefined) // undefined (create it)
 */
export function evaluatePreconditions(
  request: Preconditions,
  currentEtag: string | undefined,
  lastModified?: Date,
): 304 | 412 | undefined {
  const current = currentEtag === undefined ? undefined : parseOne(currentEtag.trim());
  const exists = currentEtag !== undefined;
  const safe = request.method === 'GET' || request.method === 'HEAD';
  const modified = lastModified === undefined ? undefined : Math.floor(lastModified.getTime() / 1000);

  if (request.ifMatch !== undefined) {
    if (!matches(request.ifMatch, current, exists, strongEqual)) return 412;
  } else if (request.ifUnmodifiedSince !== undefined && modified !== undefined) {
    const since = parseDate(request.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return 412;
  }

  if (request.ifNoneMatch !== undefined) {
    if (matches(request.ifNoneMatch, current, exists, weakEqual)) return safe ? 304 : 412;
  } else if (safe && request.ifModifiedSince !== undefined && modified !== undefined) {
    const since = parseDate(request.ifModifiedSince);
    if (since !== undefined && modified <= since) return 304;
  }
  return undefined;
}

/**
 * Whether `If-Range` names the current representation: one entity tag, equal by strong comparison
 * (RFC 9110 §13.1.5; a weak tag never matches).
 *
 * @example
 * ifRangeMatches('"a"', '"a"') // true
 * ifRangeMatches('W/"a"', '"a"') // false
 */
export function ifRangeMatches(header: string, currentEtag: string): boolean {
  const asked = parseOne(header.trim());
  const current = parseOne(currentEtag.trim());
  return asked !== undefined && current !== undefined && strongEqual(asked, current);
}

function strongEqual(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

function weakEqual(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/** True when the header is `*` and the resource exists, or lists a tag equal to the current one. */
function matches(
  header: string,
  current: EntityTag | undefined,
  exists: boolean,
  equal: (a: EntityTag, b: EntityTag) => boolean,
): boolean {
  const value = header.trim();
  if (value === '*') return exists;
  if (current === undefined) return false;
  for (const tag of parseList(value)) if (equal(tag, current)) return true;
  return false;
}

/** Parses `W/"a", "b,c"` into entity tags; malformed members are skipped. */
function parseList(value: string): EntityTag[] {
  const tags: EntityTag[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && (value[i] === ' ' || value[i] === '\t' || value[i] === ',')) i++;
    if (i >= value.length) break;
    let weak = false;
    if (value.startsWith('W/', i)) {
      weak = true;
      i += 2;
    }
    if (value[i] !== '"') {
      // not an entity tag: skip to the next comma
      const comma = value.indexOf(',', i);
      i = comma === -1 ? value.length : comma + 1;
      continue;
    }
    const end = value.indexOf('"', i + 1);
    if (end === -1) break;
    tags.push({ weak, opaque: value.slice(i + 1, end) });
    i = end + 1;
  }
  return tags;
}

function parseOne(value: string): EntityTag | undefined {
  const [tag] = parseList(value);
  return tag;
}

/** An HTTP-date in whole seconds, or undefined when it is not a date. */
function parseDate(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
