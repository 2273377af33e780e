/** The entity-tags of an `If-Match` / `If-None-Match` list, or `'*'`. */
function tags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header.match(/(?:W\/)?"[^"]*"/g) ?? [];
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/**
 * Strong comparison (RFC 9110 §8.8.3.2): both tags strong and equal. For `If-Match` and `If-Range`.
 *
 * @example
 * strongMatch('"a", "b"', '"b"') // true
 * strongMatch('W/"b"', '"b"') // false
 */
export function strongMatch(header: string, etag: string): boolean {
  const list = tags(header);
  if (list === '*') return true;
  return !etag.startsWith('W/') && list.includes(etag);
}

/**
 * Weak comparison (RFC 9110 §8.8.3.2): the opaque tags are equal, weak or not. For `If-None-Match`.
 *
 * @example
 * weakMatch('W/"b"', '"b"') // true
 */
export function weakMatch(header: string, etag: string): boolean {
  const list = tags(header);
  if (list === '*') return true;
  return list.some((t) => opaque(t) === opaque(etag));
}

/** The request fields the preconditions read. */
export interface Preconditions {
  'if-match'?: string | undefined;
  'if-none-match'?: string | undefined;
  'if-modified-since'?: string | undefined;
  'if-unmodified-since'?: string | undefined;
}

/**
 * Evaluates the preconditions of a GET or HEAD in the order of RFC 9110 §13.2.2 against a
 * representation with `etag` and, optionally, `lastModified` (whole seconds): 412 when `If-Match`
 * or `If-Unmodified-Since` fails, 304 when `If-None-Match` matches or (without `If-None-Match`)
 * nothing changed since `If-Modified-Since`, else 200. Dates that do not parse are ignored.
 *
 * @example
 * evaluatePreconditions({ 'if-none-match': '"v1"' }, '"v1"') // 304
 * evaluatePreconditions({ 'if-match': '"v0"' }, '"v1"') // 412
 */
export function evaluatePreconditions(h: Preconditions, etag: string, lastModified?: Date): 200 | 304 | 412 {
  const date = (text: string | undefined) => {
    const ms = text === undefined ? Number.NaN : Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  };
  const modified = lastModified?.getTime();
  if (h['if-match'] !== undefined) {
    if (!strongMatch(h['if-match'], etag)) return 412;
  } else {
    const since = date(h['if-unmodified-since']);
    if (since !== undefined && modified !== undefined && modified > since) return 412;
  }
  if (h['if-none-match'] !== undefined) return weakMatch(h['if-none-match'], etag) ? 304 : 200;
  const since = date(h['if-modified-since']);
  if (since !== undefined && modified !== undefined && modified <= since) return 304;
  return 200;
}
