import { createServer, type IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { buildCodesApi } from './codes-api.js';
import { createHandler, type ServeState } from './handler.js';
import { buildReferencePage } from './page.js';
import { prepareAll } from './prepared.js';
import { answerClientError, switchProtocols } from './wire.js';

/** Where the status server listens. */
export interface StatusServerOptions {
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
  /** Stops listening, cancels pending `sleep` timers and closes every connection. */
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
  const state: ServeState = {
    table: prepareAll(),
    codes: buildCodesApi(),
    page: buildReferencePage(),
    timers: new Set(),
  };
  const handle = createHandler(state);
  const server = createServer({ keepAliveTimeout: 5000 }, handle);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));
  server.on('clientError', answerClientError);
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of state.timers) clearTimeout(timer);
        state.timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
