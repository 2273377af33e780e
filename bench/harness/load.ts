import autocannon from 'autocannon';
import type { RunningServer } from './server-process.js';
import { LatencyRecorder } from './stats.js';

/** The request a configuration sends, over and over. */
export interface RequestSpec {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One closed-loop measurement: a fixed number of connections, each sending as fast as it is answered. */
export interface LoadSample {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Server CPU time per answered request, in microseconds. */
  cpuPerRequestUs: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Answers per status code. */
  statuses: Record<string, number>;
}

interface Drive {
  url: string;
  request: RequestSpec;
  connections: number;
  seconds: number;
  overallRate?: number;
  timeoutSec?: number;
}

function drive(options: Drive, onResponse: (status: number, ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url + options.request.path,
        method: options.request.method ?? 'GET',
        ...(options.request.headers ? { headers: options.request.headers } : {}),
        ...(options.request.body === undefined ? {} : { body: options.request.body }),
        connections: options.connections,
        pipelining: 1,
        duration: Math.max(1, Math.round(options.seconds)),
        timeout: options.timeoutSec ?? 10,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) =>
      onResponse(status, ms),
    );
  });
}

/**
 * Drives a server for `seconds` (whole seconds: autocannon stops on its one-second tick) with
 * `connections` keep-alive connections and measures throughput, server CPU per request and
 * latency percentiles from every response's own time.
 *
 * @example
 * const sample = await measureLoad(server, { path: '/' }, { connections: 10, seconds: 2 });
 */
export async function measureLoad(
  server: RunningServer,
  request: RequestSpec,
  options: { connections: number; seconds: number },
): Promise<LoadSample> {
  const latencies = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  const cpuBefore = server.cpuMicros();
  const started = performance.now();
  const result = await drive({ url: server.origin, request, ...options }, (status, ms) => {
    latencies.add(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = server.cpuMicros() - cpuBefore;
  const requests = latencies.count;
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    cpuPerRequestUs: requests > 0 ? cpu / requests : Number.NaN,
    p50Ms: latencies.quantile(0.5),
    p99Ms: latencies.quantile(0.99),
    errors: result.errors,
    statuses,
  };
}
