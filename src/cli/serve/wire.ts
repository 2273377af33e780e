import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { getStatus } from '../../core/registry.js';

function head(status: number, headers: Record<string, string>): string {
  const phrase = (getStatus(status)?.phrase ?? '').replace(/[^\x20-\x7e]/g, '');
  let text = `HTTP/1.1 ${status} ${phrase}\r\n`;
  for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
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
