/** A parsed response head: status line and header fields (names lower-cased, repeats joined by `, `). */
export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  headers: Record<string, string>;
  /** Every `Content-Length` line, to catch duplicates. */
  contentLengths: string[];
  /** Offset just after the blank line that ends the head. */
  end: number;
}

const STATUS_LINE = /^HTTP\/(\d(?:\.\d)?) (\d{3})(?: (.*))?$/;

/**
 * Parses the response head that starts at `from`; `undefined` while incomplete, `'invalid'` when
 * the bytes are not an HTTP/1.x status line.
 *
 * @example
 * parseHead(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), 0) // { status: 204, end: 27, ... }
 */
export function parseHead(buffer: Buffer, from: number): ResponseHead | 'invalid' | undefined {
  const stop = buffer.indexOf('\r\n\r\n', from, 'latin1');
  if (stop === -1) {
    const sofar = buffer.subarray(from, Math.min(buffer.length, from + 12)).toString('latin1');
    return sofar.length >= 5 && !'HTTP/'.startsWith(sofar.slice(0, 5)) ? 'invalid' : undefined;
  }
  const lines = buffer.subarray(from, stop).toString('latin1').split('\r\n');
  const match = STATUS_LINE.exec(lines[0] ?? '');
  if (!match) return 'invalid';
  const headers: Record<string, string> = {};
  const contentLengths: string[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') contentLengths.push(value);
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return {
    version: match[1]!,
    status: Number(match[2]),
    reason: match[3] ?? '',
    headers,
    contentLengths,
    end: stop + 4,
  };
}

/** A decoded chunked body: the content, whether the last chunk arrived, and where it ended. */
export interface ChunkedBody {
  body: Buffer;
  complete: boolean;
  end: number;
}

/**
 * Decodes `Transfer-Encoding: chunked` content (extensions and trailers skipped).
 *
 * @example
 * decodeChunked(Buffer.from('3\r\nabc\r\n0\r\n\r\n')).body.toString() // 'abc'
 */
export function decodeChunked(buffer: Buffer): ChunkedBody {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd === -1) break;
    const size = Number.parseInt(buffer.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) break;
    if (size === 0) {
      // "0\r\n" then optional trailer lines then "\r\n": the first blank line from here ends it.
      const end = buffer.indexOf('\r\n\r\n', lineEnd, 'latin1');
      if (end === -1) break;
      return { body: Buffer.concat(parts), complete: true, end: end + 4 };
    }
    if (lineEnd + 2 + size + 2 > buffer.length) break;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return { body: Buffer.concat(parts), complete: false, end: buffer.length };
}
