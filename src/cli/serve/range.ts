import type { IncomingMessage } from 'node:http';
import { errorBody, JSON_TYPE } from '../../core/envelope.js';
import { ifRangeMatches } from '../../guards/conditional.js';
import { statusMessage } from '../../index.js';
import { withCors } from './cors.js';
import { reasonPhrase, type Variant } from './prepared.js';

/** One satisfiable byte range, both ends inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header against a representation of `length` bytes (RFC 9110 §14.1.2):
 * a single `bytes=` range gives its clamped bounds, a range that cannot be satisfied gives
 * `'unsatisfiable'`, and anything else (absent, malformed, another unit, several ranges) gives
 * `undefined`, which means the Range is ignored and the whole representation is sent (§14.2).
 *
 * @example
 * parseRange('bytes=0-9', 100) // { start: 0, end: 9 }
 * parseRange('bytes=-10', 100) // { start: 90, end: 99 }
 * parseRange('bytes=200-', 100) // 'unsatisfiable'
 */
export function parseRange(
  header: string | undefined,
  length: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || length === 0) return 'unsatisfiable';
    return { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2]);
  if (last < start) return undefined;
  if (start >= length) return 'unsatisfiable';
  return { start, end: Math.min(last, length - 1) };
}

/**
 * Answers a GET for a representation that supports ranges: 200 with the whole body and
 * `Accept-Ranges: bytes` without a (usable) `Range`; 206 with `Content-Range: bytes a-b/n` and
 * those bytes for a satisfiable one; 416 with `Content-Range: bytes * /n` for one that is not.
 * `Range` is honoured on GET only, and only when `If-Range` (if sent) matches the strong `etag`.
 *
 * @example
 * rangeAnswer(req, Buffer.from('abcdef'), { 'content-type': 'text/plain' }, '"r6"') // 206 bytes 0-1/6 for Range: bytes=0-1
 */
export function rangeAnswer(
  req: IncomingMessage,
  body: Buffer,
  headers: Record<string, string>,
  etag: string,
): Variant {
  const base: Record<string, string> = { ...headers, etag, 'accept-ranges': 'bytes' };
  const ifRange = req.headers['if-range'] as string | undefined;
  const honoured = req.method === 'GET' && (ifRange === undefined || ifRangeMatches(ifRange, etag));
  const range = honoured ? parseRange(req.headers.range, body.length) : undefined;
  if (range === undefined) {
    base['content-length'] = String(body.length);
    return { status: 200, reason: reasonPhrase(200), headers: withCors(base), body };
  }
  if (range === 'unsatisfiable') {
    const error = Buffer.from(errorBody(statusMessage(416)));
    const refused = {
      'content-range': `bytes */${body.length}`,
      'content-type': JSON_TYPE,
      'content-length': String(error.length),
      'cache-control': 'no-store',
    };
    return { status: 416, reason: reasonPhrase(416), headers: withCors(refused), body: error };
  }
  const part = body.subarray(range.start, range.end + 1);
  base['content-range'] = `bytes ${range.start}-${range.end}/${body.length}`;
  base['content-length'] = String(part.length);
  return { status: 206, reason: reasonPhrase(206), headers: withCors(base), body: part };
}

const ALPHABET = Buffer.from('abcdefghijklmnopqrstuvwxyz');

/**
 * The body of `/range/{n}`: `n` bytes of the alphabet, repeated, so any slice can be checked.
 *
 * @example
 * rangeBody(30).toString() // 'abcdefghijklmnopqrstuvwxyzabcd'
 */
export function rangeBody(n: number): Buffer {
  const body = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) body[i] = ALPHABET[i % 26]!;
  return body;
}
