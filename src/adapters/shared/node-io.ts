import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseParts } from '../../core/envelope.js';
import { BadRequestError } from '../../core/errors.generated.js';
import { getStatus } from '../../core/registry.js';
import { checkJsonBodyHeaders, hasBody, parseJsonBody, tooLarge } from '../../core/request-rules.js';

/**
 * Writes response parts to a Node response: no body for HEAD, and no body, `Content-Type` or
 * `Content-Length` for codes that forbid content. Headers the handler already set stay unless the
 * parts name them; an error's `Cache-Control` yields to one the handler set.
 *
 * @example
 * writeParts(req, res, ok({ id: 1 }))
 */
export function writeParts(req: IncomingMessage, res: ServerResponse, parts: ResponseParts): void {
  if (isDiscarded(res)) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, headers, body } = parts;
  const entry = getStatus(status);
  if (body === undefined || entry?.bodyAllowed === false) {
    writeBodiless(res, parts, entry?.phrase);
    return;
  }
  // One writeHead with every header: Node merges it with what the handler set (ours win), and
  // takes it as is when the handler set none.
  const keepOwn = status >= 400 && headers['cache-control'] !== undefined && res.hasHeader('cache-control');
  const out: Record<string, string | number> = {};
  for (const name in headers) {
    if (name !== 'cache-control' || !keepOwn) out[name] = headers[name]!;
  }
  out['content-length'] = Buffer.byteLength(body);
  if (entry) res.writeHead(status, entry.phrase, out);
  else res.writeHead(status, out);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

function writeBodiless(res: ServerResponse, parts: ResponseParts, phrase: string | undefined): void {
  for (const name in parts.headers) {
    if (name === 'cache-control' && parts.status >= 400 && res.hasHeader('cache-control')) continue;
    res.setHeader(name, parts.headers[name]!);
  }
  res.statusCode = parts.status;
  if (phrase !== undefined) res.statusMessage = phrase;
  if (parts.status !== 205) {
    res.removeHeader('content-type');
    res.removeHeader('content-length');
  }
  res.end();
}

const DISCARDED = Symbol.for('statuskit.discardedResponse');

/**
 * Turns a response that statuskit has already answered (a handler's deadline passed) into a sink:
 * whatever the handler sends later (`setHeader`, `writeHead`, `write`, `end`, statuskit's helpers,
 * an error) is dropped without throwing, so a late answer can neither crash the process nor write
 * into the connection a second time. Callbacks given to `write` and `end` still run.
 *
 * @example
 * writeParts(req, res, respond(new ServiceUnavailableError()));
 * discardLateResponse(res);
 */
export function discardLateResponse(res: ServerResponse): void {
  const sink = res as unknown as Record<string | symbol, unknown>;
  sink[DISCARDED] = true;
  const self = () => res;
  const settle = (...args: unknown[]) => {
    const callback = args.findLast((a) => typeof a === 'function') as (() => void) | undefined;
    if (callback) process.nextTick(callback);
  };
  for (const name of [
    'setHeader',
    'setHeaders',
    'appendHeader',
    'removeHeader',
    'writeHead',
    'flushHeaders',
  ]) {
    sink[name] = self;
  }
  sink.write = (...args: unknown[]) => {
    settle(...args);
    return true;
  };
  sink.end = (...args: unknown[]) => {
    settle(...args);
    return res;
  };
}

/**
 * True once {@link discardLateResponse} has turned the response into a sink.
 *
 * @example
 * if (isDiscarded(res)) return;
 */
export function isDiscarded(res: ServerResponse): boolean {
  return (res as ServerResponse & { [DISCARDED]?: boolean })[DISCARDED] === true;
}

/**
 * Reads and parses a JSON request body within a byte limit: `undefined` when there is no body,
 * 415 for a non-JSON content type, 413 before reading when `Content-Length` is over the limit and
 * as soon as a chunked body passes it, 400 when the JSON is malformed.
 *
 * @example
 * const body = await readJsonBody(req, 1_048_576)
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const refused = checkJsonBodyHeaders(
    {
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      transferEncoding: req.headers['transfer-encoding'],
    },
    limit,
  );
  if (refused) {
    req.resume();
    return Promise.reject(refused);
  }
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (size === 0) return resolve(undefined);
      try {
        resolve(parseJsonBody(Buffer.concat(chunks, size).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    };
    const onError = () => {
      cleanup();
      reject(new BadRequestError('Request body could not be read'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * True when the request carries a body (a non-zero `Content-Length` or any `Transfer-Encoding`).
 *
 * @example
 * if (requestHasBody(req)) req.body = await readJsonBody(req, limit);
 */
export function requestHasBody(req: IncomingMessage): boolean {
  const h = req.headers;
  return hasBody({
    contentType: h['content-type'],
    contentLength: h['content-length'],
    transferEncoding: h['transfer-encoding'],
  });
}
