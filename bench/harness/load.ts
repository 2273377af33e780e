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

/** One constant-arrival-rate measurement. */
export interface ArrivalSample {
  /** Requests per second offered. */
  offeredRate: number;
  seconds: number;
  /** Answers per second with a 2xx status. */
  admittedRate: number;
  /** Answers per second with a 2xx status within `goodWithinMs`. */
  goodRate: number;
  /** Answers per second with any other status (e.g. 503 from load shedding). */
  refusedRate: number;
  /** Requests that got no answer (errors and timeouts), per second. */
  failedRate: number;
  /** Latency percentiles of 2xx answers only, in milliseconds. */
  admittedP50Ms: number;
  admittedP99Ms: number;
  cpuPerRequestUs: number;
  statuses: Record<string, number>;
}

/**
 * Offers a constant arrival rate with autocannon's `overallRate`.
 *
 * autocannon gives each connection a per-second budget, refilled on a one-second timer that
 * starts when the connection is made, and each connection holds one request at a time. So that
 * arrivals do not come as one burst per second, the rate is split over `staggers` autocannon runs
 * started 1/staggers s apart, with one request per second per connection (connections = rate).
 * A connection whose previous request is still unanswered when its turn comes sends late, so far
 * past capacity the offered rate falls, as it does with real clients that hold a connection each.
 *
 * @example
 * const sample = await measureArrivalRate(server, { path: '/work' }, { rate: 900, seconds: 3 });
 */
export async function measureArrivalRate(
  server: RunningServer,
  request: RequestSpec,
  options: { rate: number; seconds: number; goodWithinMs?: number; staggers?: number; timeoutSec?: number },
): Promise<ArrivalSample> {
  const rate = Math.max(1, Math.round(options.rate));
  const staggers = Math.max(1, Math.min(options.staggers ?? 20, rate));
  const goodWithin = options.goodWithinMs ?? 200;
  const seconds = Math.max(1, Math.round(options.seconds));
  const admitted = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  let good = 0;
  let refused = 0;
  let answered = 0;
  const onResponse = (status: number, ms: number) => {
    answered++;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      admitted.add(ms);
      if (ms <= goodWithin) good++;
    } else refused++;
  };
  const cpuBefore = server.cpuMicros();
  const runs: Promise<autocannon.Result>[] = [];
  for (let i = 0; i < staggers; i++) {
    const share = Math.floor(rate / staggers) + (i < rate % staggers ? 1 : 0);
    runs.push(
      new Promise<void>((resolve) => setTimeout(resolve, (i * 1000) / staggers)).then(() =>
        drive(
          {
            url: server.origin,
            request,
            connections: share,
            overallRate: share,
            seconds,
            timeoutSec: options.timeoutSec ?? 2,
          },
          onResponse,
        ),
      ),
    );
  }
  const results = await Promise.all(runs);
  const cpu = server.cpuMicros() - cpuBefore;
  const failed = results.reduce((sum, r) => sum + r.errors, 0);
  return {
    offeredRate: rate,
    seconds,
    admittedRate: admitted.count / seconds,
    goodRate: good / seconds,
    refusedRate: refused / seconds,
    failedRate: failed / seconds,
    admittedP50Ms: admitted.quantile(0.5),
    admittedP99Ms: admitted.quantile(0.99),
    cpuPerRequestUs: answered > 0 ? cpu / answered : Number.NaN,
    statuses,
  };
}
