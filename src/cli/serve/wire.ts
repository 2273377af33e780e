import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody, JSON_TYPE } from '../../core/envelope.js';
import { clientErrorStatus } from '../../core/request-rules.js';
import { getStatus, statusMessage } from '../../index.js';
import { MAX_TARGET_LENGTH } from './handler.js';

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

interface ServerSocket extends Duplex {
  _httpMessage?: { headersSent?: boolean } | null;
}

function head(status: number, headers: Record<string, string>): string {
  const phrase = (getStatus(status)?.phrase ?? '').replace(/[^\x20-\x7e]/g, '');
  let text = `HTTP/1.1 ${status} ${phrase}\r\n`;
  for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}

/**
 * Answers an error Node's parser raised before a request existed (bad request line, header
 * overflow, timeout, unknown method) with the envelope, then closes: 400, 414, 431, 408, 501 or 413.
 *
 * @example
 * server.on('clientError', answerClientError);
 */
export function answerClientError(error: ParserError, socket: Duplex): void {
  const s = socket as ServerSocket;
  if (error.code === 'ECONNRESET' || !s.writable || s._httpMessage?.headersSent) {
    s.destroy();
    return;
  }
  const raw = error.rawPacket;
  const lineEnd = raw ? raw.indexOf('\r\n') : 0;
  const status = clientErrorStatus(
    error.code,
    raw !== undefined && (lineEnd === -1 || lineEnd > MAX_TARGET_LENGTH),
  );
  const body = errorBody(statusMessage(status));
  const headers = {
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
    connection: 'close',
  };
  s.end(head(status, headers) + body);
}

const TOKEN = /^[!#$%&'*+.^`|~\w-]+(?:\/[!#$%&'*+.^`|~\w-]+)?$/;

/**
 * Answers `GET /101` with an `Upgrade` offer: `101 Switching Protocols` naming the first protocol
 * offered, then closes (the status server speaks no other protocol). Returns false for any other
 * request, which the caller answers as plain HTTP.
 *
 * @example
 * server.on('upgrade', (req, socket) => { if (!switchProtocols(req, socket)) ... });
 */
export function switchProtocols(req: IncomingMessage, socket: Duplex): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/101') return false;
  const offered = (req.headers.upgrade ?? '').split(',')[0]?.trim() ?? '';
  if (!TOKEN.test(offered)) return false;
  socket.end(head(101, { upgrade: offered, connection: 'upgrade', 'access-control-allow-origin': '*' }));
  return true;
}
