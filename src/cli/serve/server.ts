import { createServer, type IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { configureServer } from '../../adapters/shared/server.js';
import { buildCodesApi } from './codes-api.js';
import { createHandler, type ServeState } from './handler.js';
import { DEFAULT_LIMITS, type ServeLimits } from './limits.js';
import { buildReferencePage } from './page.js';
import { prepareAll } from './prepared.js';
import { switchProtocols } from './wire.js';

/** Where the status server listens, and its limits (`--max-sleep` and the other flags). */
export interface StatusServerOptions extends Partial<ServeLimits> {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
}

/** A running status server. */
export interface StatusServer {
  server: Server;
  /** The base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The limits in force. */
  limits: ServeLimits;
  /** Stops listening, cancels every pending wait and closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts the status server: `/<code>` for 100–599, `/random/…`, `/codes`, the reference page at `/`.
 *
 * @example
 * const { url, close } = await startStatusServer({ port: 0 });
 * await fetch(`${url}/404`); // 404 {"error":"Not found"}
 * await close();
 */
export async function startStatusServer(options: StatusServerOptions = {}): Promise<StatusServer> {
  const limits: ServeLimits = {
    maxSleepMs: options.maxSleepMs ?? DEFAULT_LIMITS.maxSleepMs,
    maxDelayed: options.maxDelayed ?? DEFAULT_LIMITS.maxDelayed,
    maxRedirects: options.maxRedirects ?? DEFAULT_LIMITS.maxRedirects,
    maxRangeBytes: options.maxRangeBytes ?? DEFAULT_LIMITS.maxRangeBytes,
    redirectAllow: options.redirectAllow ?? DEFAULT_LIMITS.redirectAllow,
  };
  const state: ServeState = {
    table: prepareAll(),
    codes: buildCodesApi(),
    page: buildReferencePage(limits.maxSleepMs),
    limits,
    waits: { timers: new Set(), held: 0 },
    startedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
  };
  const handle = createHandler(state);
  const server = createServer({ keepAliveTimeout: 5000 }, handle);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));
  // Parser errors, CONNECT, a missing Host and the asterisk form are answered as every adapter
  // answers them, with CORS open so browser clients can read them; 100-continue stays the server's.
  configureServer(
    server,
    { logger: false },
    { headers: { 'access-control-allow-origin': '*' }, checkContinue: false },
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    if (switchProtocols(req, socket)) return;
    // Any other Upgrade offer is declined: answer the request as plain HTTP, then close.
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.on('finish', () => {
      res.detachSocket(socket as Socket);
      socket.end();
    });
    handle(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${port}`,
    limits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of state.waits.timers) clearTimeout(timer);
        state.waits.timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
