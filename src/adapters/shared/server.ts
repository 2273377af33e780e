import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createError } from '../../core/create-error.js';
import type { ResponseParts } from '../../core/envelope.js';
import { createErrorResponder } from '../../core/error-response.js';
import { type ResolvedOptions, resolveOptions, type StatuskitOptions } from '../../core/options.js';
import { getStatus } from '../../core/registry.js';
import { clientErrorStatus, tooLarge } from '../../core/request-rules.js';
import { writeParts } from './node-io.js';

const LONGEST_REQUEST_LINE = 8192;
const NODE_REQUEST_TIMEOUT = 300_000;
const CONFIGURED = Symbol.for('statuskit.configuredServer');

function requestLineTooLong(raw: unknown): boolean {
  if (!Buffer.isBuffer(raw)) return false;
  const end = raw.indexOf('\r\n');
  return end === -1 ? raw.length > LONGEST_REQUEST_LINE : end > LONGEST_REQUEST_LINE;
}

/** A whole HTTP/1.1 response, written straight to a socket that has no ServerResponse. */
function rawResponse(parts: ResponseParts): string {
  const body = parts.body ?? '';
  let head = `HTTP/1.1 ${parts.status} ${getStatus(parts.status)?.phrase ?? 'Error'}\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  for (const [name, value] of Object.entries(parts.headers)) head += `${name}: ${value}\r\n`;
  return `${head}\r\n${body}`;
}

/**
 * The asterisk-form target (RFC 9112 §3.2.4) names the server, not a resource, and only with
 * OPTIONS: `OPTIONS *` is answered 204 (RFC 9110 §9.3.7), any other method 400. No router sees it.
 */
function asteriskAnswer(
  req: IncomingMessage,
  respond: ReturnType<typeof createErrorResponder>,
): ResponseParts {
  if (req.method === 'OPTIONS') return { status: 204, headers: {}, body: undefined };
  return respond(
    createError(400, 'The asterisk-form target is only for OPTIONS', { expose: true }),
    req.headers.accept,
  );
}

function withHeaders(parts: ResponseParts, extra: Record<string, string> | undefined): ResponseParts {
  return extra ? { ...parts, headers: { ...parts.headers, ...extra } } : parts;
}

/**
 * How a server that is not an app's sets itself up (the status server): headers every early
 * answer carries, and whether `Expect: 100-continue` is left to the server's own listener.
 */
export interface ServerSetup {
  /** Added to every answer given before the app (e.g. `access-control-allow-origin: *`). */
  headers?: Record<string, string>;
  /** `false`: the server answers `checkContinue` itself. Default: 413 over `bodyLimit`, else 100. */
  checkContinue?: boolean;
}

function lacksHost(req: IncomingMessage): boolean {
  return req.httpVersionMajor === 1 && req.httpVersionMinor === 1 && req.headers.host === undefined;
}

/**
 * Makes a Node HTTP server answer what happens before a request reaches the app, in the envelope:
 * parser errors (400, 414 for an overlong request line, 431 for header overflow, 408 on timeout,
 * 501 for an unknown method) and `Expect: 100-continue` bodies over the limit (413 before
 * `100 Continue` is sent). A server with no request timeout (0) gets Node's default, 300 s, so a
 * trickled body is answered 408. Calling it twice on one server does nothing more.
 *
 * @example
 * const server = app.listen(3000);
 * configureServer(server, { bodyLimit: 100_000 });
 */
export function configureServer<S extends Server>(
  server: S,
  options: StatuskitOptions | ResolvedOptions = {},
  setup: ServerSetup = {},
): S {
  const marked = server as S & { [CONFIGURED]?: boolean };
  if (marked[CONFIGURED]) return server;
  marked[CONFIGURED] = true;
  const resolved = resolveOptions(options);
  const answer = createErrorResponder({ ...resolved, logger: false });
  const extra = setup.headers;
  const respond: typeof answer = extra
    ? (error, accept) => {
        const parts = answer(error, accept);
        return { ...parts, headers: { ...parts.headers, ...extra } };
      }
    : answer;
  // A slow body or slow headers get 408 within Node's default request timeout (300 s), also where
  // the framework switched it off (Fastify's default is 0: a trickled body would hold on forever).
  if (server.requestTimeout === 0) server.requestTimeout = NODE_REQUEST_TIMEOUT;

  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Duplex) => {
    // A response already under way on this socket (e.g. a chunked body being sent) cannot be
    // followed by another status line: the connection is cut instead.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const status = clientErrorStatus(error.code, requestLineTooLong(error.rawPacket));
    socket.end(rawResponse(respond(createError(status, undefined, { expose: true }))));
  });

  // CONNECT never reaches 'request': with no 'connect' listener of the app's, Node drops the
  // socket without a word. An origin API does not tunnel, so it answers 501.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    if (server.listenerCount('connect') > 1) return;
    socket.end(
      rawResponse(
        respond(createError(501, 'Method CONNECT is not implemented', { expose: true, log: false })),
      ),
    );
  });

  // Node answers an HTTP/1.1 request without Host with a bare 400 before any listener runs. With
  // that check off, the same requests are answered here, in the envelope, before the app sees them.
  const withHostCheck = server as S & { requireHostHeader?: boolean };
  if (withHostCheck.requireHostHeader !== false) {
    withHostCheck.requireHostHeader = false;
    const emit = server.emit;
    server.emit = function emitWithHostCheck(this: S, event: string | symbol, req?: unknown, res?: unknown) {
      if (event === 'request') {
        const request = req as IncomingMessage;
        const early = lacksHost(request)
          ? respond(createError(400, undefined, { headers: { connection: 'close' } }), request.headers.accept)
          : request.url === '*'
            ? withHeaders(asteriskAnswer(request, respond), extra)
            : undefined;
        if (early) {
          writeParts(request, res as ServerResponse, early);
          return true;
        }
      }
      // Every event goes through here: pass on exactly the arguments given, without copying them.
      // biome-ignore lint/complexity/noArguments: the cheapest exact forwarding on the hot path
      return Reflect.apply(emit, this, arguments) as boolean;
    } as S['emit'];
  }

  if (setup.checkContinue === false) return server;
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const length = Number(req.headers['content-length']);
    if (length > resolved.bodyLimit) {
      writeParts(req, res, respond(tooLarge(resolved.bodyLimit), req.headers.accept));
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  return server;
}
