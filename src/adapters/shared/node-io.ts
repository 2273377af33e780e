import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseParts } from '../../core/envelope.js';
import { INTERNAL_ERROR } from '../../core/error-response.js';
import { BadRequestError } from '../../core/errors.generated.js';
import type { ResolvedOptions } from '../../core/options.js';
import { checkJsonBodyHeaders, hasBody, parseJsonBody, tooLarge } from '../../core/request-rules.js';
import { planWrite } from '../../core/write-plan.js';

/**
 * Writes response parts to a Node response as {@link planWrite} decides: no body for HEAD, and no
 * body, `Content-Type` or `Content-Length` for codes that forbid content. Headers the handler
 * already set stay unless the parts name them; an error's `Cache-Control` and default challenge
 * yield to the handler's own. Throws when Node refuses the write (a header the handler set itself
 * is invalid); the error path ({@link writeErrorParts}) never does.
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
  const plan = planWrite(parts, req.method);
  for (const name of plan.remove) res.removeHeader(name);
  const own = plan.yields.length === 0 ? plan.yields : plan.yields.filter((name) => res.hasHeader(name));
  if (plan.remove.length > 0 || own.length > 0) {
    // Bodiless, or a header of the handler's wins: set one by one, then the status line.
    for (const name in plan.headers) if (!own.includes(name)) res.setHeader(name, plan.headers[name]!);
    res.statusCode = plan.status;
    if (plan.phrase !== undefined) res.statusMessage = plan.phrase;
    res.end(plan.body);
    return;
  }
  // One writeHead with every header: Node merges it with what the handler set (ours win), and
  // takes it as is when the handler set none.
  if (plan.phrase !== undefined) res.writeHead(plan.status, plan.phrase, plan.headers);
  else res.writeHead(plan.status, plan.headers);
  res.end(plan.body);
}

/**
 * Writes an error answer and never throws: when Node refuses it (a header the handler set before
 * failing is invalid, say), the handler's headers are cleared and the generic 500 is written; when
 * even that fails, the connection is closed.
 *
 * @example
 * writeErrorParts(req, res, respond(error, req.headers.accept), logger)
 */
export function writeErrorParts(
  req: IncomingMessage,
  res: ServerResponse,
  parts: ResponseParts,
  logger: ResolvedOptions['logger'],
): void {
  try {
    writeParts(req, res, parts);
    return;
  } catch (failure) {
    if (logger)
      logger.error(failure, 'statuskit: the error answer could not be written; answered the generic 500');
  }
  try {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    writeParts(req, res, INTERNAL_ERROR);
  } catch {
    res.destroy();
  }
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
 * Reads and parses a JSON request body within the `bodyLimit`: `undefined` when there is no body,
 * 415 for a non-JSON content type, charset or content coding, 413 before reading when
 * `Content-Length` is over the limit and as soon as a chunked body passes it, 400 when the JSON is
 * malformed or (by `protoPoisoning`) poisoned. `onBytes` receives the bytes read (for `rawBody`).
 *
 * @example
 * const body = await readJsonBody(req, resolveOptions({ bodyLimit: 100_000 }))
 */
export function readJsonBody(
  req: IncomingMessage,
  options: Pick<ResolvedOptions, 'bodyLimit' | 'protoPoisoning'>,
  onBytes?: (bytes: Buffer) => void,
): Promise<unknown> {
  const limit = options.bodyLimit;
  const refused = checkJsonBodyHeaders(
    {
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      transferEncoding: req.headers['transfer-encoding'],
      contentEncoding: req.headers['content-encoding'],
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
        const bytes = Buffer.concat(chunks, size);
        onBytes?.(bytes);
        resolve(parseJsonBody(bytes.toString('utf8'), options.protoPoisoning));
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
 * if (requestHasBody(req)) req.body = await readJsonBody(req, options);
 */
export function requestHasBody(req: IncomingMessage): boolean {
  const h = req.headers;
  return hasBody({
    contentType: h['content-type'],
    contentLength: h['content-length'],
    transferEncoding: h['transfer-encoding'],
  });
}
