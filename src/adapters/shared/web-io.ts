import { BadRequestError } from '../../core/errors.generated.js';
import { isHttpError } from '../../core/http-error.js';
import type { ResolvedOptions } from '../../core/options.js';
import { checkJsonBodyHeaders, hasBody, parseJsonBody, tooLarge } from '../../core/request-rules.js';
import type { GuardRequest } from '../../guards/types.js';

/**
 * The {@link GuardRequest} view of a Web `Request`, for adapters on any runtime: `path` is the
 * request path without its query as the framework sees it, `ip` the client address the adapter
 * knows (the socket's on Node; `undefined` when the runtime tells nothing). Header lookups go to
 * the request's own `Headers`, which join repeated fields with `, `.
 *
 * @example
 * const decision = limiter.check(webGuardRequest(c.req.raw, c.req.path, '203.0.113.7'));
 */
export function webGuardRequest(request: Request, path: string, ip: string | undefined): GuardRequest {
  const headers = request.headers;
  return {
    method: request.method,
    path,
    ip,
    header: (name) => headers.get(name) ?? undefined,
  };
}

/** The chunks of a Web stream (read by its reader: not every runtime iterates streams) or of any async iterable. */
async function* iterate(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (!('getReader' in body)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * A Web request's `Content-Type` as Node gives it: the first of repeated fields (Web `Headers`
 * joins them with `, `, Node keeps the first), so every adapter judges the same value.
 *
 * @example
 * firstContentType(request) // 'application/json' for 'application/json, text/plain'
 */
export function firstContentType(request: Request): string | null {
  return firstValue(request.headers.get('content-type'));
}

function firstValue(value: string | null): string | null {
  if (value === null) return null;
  const comma = value.indexOf(',');
  return comma === -1 ? value : value.slice(0, comma).trim();
}

/**
 * True when a Web `Request` carries a body: a non-zero `Content-Length` or any `Transfer-Encoding`,
 * or, without either (a request built in-process, HTTP/2), a body stream.
 *
 * @example
 * if (webRequestHasBody(request)) await readJsonRequest(request, options);
 */
export function webRequestHasBody(request: Request): boolean {
  const h = request.headers;
  const contentLength = h.get('content-length');
  const transferEncoding = h.get('transfer-encoding');
  if (contentLength === null && transferEncoding === null) return request.body !== null;
  return hasBody({ contentType: undefined, contentLength, transferEncoding });
}

/**
 * Reads and parses the JSON body of a Web `Request` within a byte limit, as `readJsonBody` does for
 * a Node request: `undefined` when there is no body, 415 for a non-JSON content type, 413 before
 * reading when `Content-Length` is over the limit and as soon as a streamed body passes it, 400
 * when the JSON is malformed. A body without `Content-Length` or `Transfer-Encoding` (a request
 * built in-process, HTTP/2) is read too, and refused with 415 once it proves non-empty.
 * `onText` receives the body text once read (for a framework's own body cache). `source` is read
 * when the `Request` itself has no body stream (a GET's body, which Web requests cannot carry,
 * from the Node request under `@hono/node-server`). Uses only Web APIs, so it runs on every runtime.
 *
 * @example
 * const body = await readJsonRequest(request, resolveOptions())
 */
export async function readJsonRequest(
  request: Request,
  options: Pick<ResolvedOptions, 'bodyLimit' | 'protoPoisoning'>,
  onText?: (text: string) => void,
  source?: AsyncIterable<Uint8Array>,
): Promise<unknown> {
  const limit = options.bodyLimit;
  const h = request.headers;
  const contentType = firstValue(h.get('content-type'));
  const contentLength = h.get('content-length');
  const transferEncoding = h.get('transfer-encoding');
  const contentEncoding = h.get('content-encoding');
  const framed = contentLength !== null || transferEncoding !== null;
  if (framed) {
    const refused = checkJsonBodyHeaders(
      { contentType, contentLength, transferEncoding, contentEncoding },
      limit,
    );
    if (refused) throw refused;
    if (!hasBody({ contentType, contentLength, transferEncoding })) return undefined;
  }
  const body = request.body ?? source;
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of iterate(body)) {
      size += chunk.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(chunk);
    }
  } catch (error) {
    // The client went away mid-body (ECONNRESET, an aborted stream): nothing of the server's to log.
    throw isHttpError(error) ? error : new BadRequestError('Request body could not be read');
  }
  if (size === 0) return undefined;
  if (!framed) {
    const refused = checkJsonBodyHeaders(
      { contentType, contentLength: String(size), transferEncoding, contentEncoding },
      limit,
    );
    if (refused) throw refused;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  const text = new TextDecoder().decode(bytes);
  onText?.(text);
  return parseJsonBody(text, options.protoPoisoning);
}
