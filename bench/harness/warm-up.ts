import { Agent, request as httpRequest } from 'node:http';
import type { RequestSpec } from './load.js';
import type { RunningServer } from './server-process.js';

/**
 * Sends `count` requests over `connections` keep-alive sockets so the server's code is compiled
 * and its caches are full before anything is measured. Resolves with the statuses seen.
 *
 * @example
 * await warmUp(server, { path: '/' }, { count: 2000, connections: 10 });
 */
export async function warmUp(
  server: RunningServer,
  request: RequestSpec,
  options: { count: number; connections: number },
): Promise<Record<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const statuses: Record<string, number> = {};
  let left = options.count;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          agent,
          host: '127.0.0.1',
          port: server.port,
          path: request.path,
          method: request.method ?? 'GET',
          headers: request.headers,
          timeout: 10_000,
        },
        (res) => {
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          res.resume();
          res.once('end', resolve);
        },
      );
      req.once('error', reject);
      req.once('timeout', () => req.destroy(new Error('warm-up request timed out')));
      req.end(request.body);
    });
  const worker = async () => {
    while (left-- > 0) await one();
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}
