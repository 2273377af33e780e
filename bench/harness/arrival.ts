import { Agent, request as httpRequest } from 'node:http';
import type { RequestSpec } from './load.js';
import type { RunningServer } from './server-process.js';
import { LatencyRecorder } from './stats.js';

/** One constant-arrival-rate measurement. */
export interface ArrivalSample {
  /** Requests per second offered (sent on schedule, whatever the server did). */
  offeredRate: number;
  seconds: number;
  /** Answers per second with a 2xx status. */
  admittedRate: number;
  /** Answers per second with a 2xx status within `goodWithinMs` of their scheduled send time. */
  goodRate: number;
  /** Answers per second with any other status (e.g. 503 from load shedding). */
  refusedRate: number;
  /** Requests per second that got no answer within the timeout, or failed. */
  failedRate: number;
  /** Latency percentiles of 2xx answers only, from the scheduled send time, in milliseconds. */
  admittedP50Ms: number;
  admittedP99Ms: number;
  /**
   * How late the driver itself sent requests (99th percentile, ms after the scheduled time, before
   * any wait for a free connection): the client's own lag, which no server can do anything about.
   */
  sendLagP99Ms: number;
  /** Most connections open at once. */
  connections: number;
  cpuPerRequestUs: number;
  /** Server CPU time over the run's wall time: about 1 for a saturated single-threaded server
   * that had a core to itself, less when other processes took the CPU. */
  serverCpuShare: number;
  statuses: Record<string, number>;
}

export interface ArrivalOptions {
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** What counts as a good answer. Default 200 ms. */
  goodWithinMs?: number;
  /** A request unanswered after this long (from its scheduled time) is abandoned. Default 2,000 ms. */
  timeoutMs?: number;
  /** Most keep-alive connections open at once; further requests wait for one. Default 256. */
  maxConnections?: number;
}

/**
 * Offers requests at a constant rate, open loop: request i is issued at start + i/rate whatever
 * happened to earlier ones, like a proxy in front of the server: over a pool of at most
 * `maxConnections` keep-alive connections (opened as needed), a request waiting for a free one
 * when all are busy. Latency and the timeout run from the scheduled time, so waiting on the
 * client side is counted, not hidden (no coordinated omission). The bounded pool keeps the
 * kernel's listen backlog out of the picture: without it, connections refused at the backlog
 * come back a second later and the results measure TCP retransmission, not the server.
 *
 * autocannon's `overallRate` was tried first and not kept for this: it refills each connection's
 * budget once a second, so arrivals come in bursts that queue behind millisecond-scale work and
 * dominate p99 (tens of ms on a trivial server); this driver spreads them evenly.
 *
 * @example
 * const sample = await measureArrivalRate(server, { path: '/work' }, { rate: 900, seconds: 3 });
 */
export async function measureArrivalRate(
  server: RunningServer,
  request: RequestSpec,
  options: ArrivalOptions,
): Promise<ArrivalSample> {
  const rate = Math.max(1, Math.round(options.rate));
  const total = Math.max(1, Math.round(rate * options.seconds));
  const goodWithin = options.goodWithinMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 2000;
  const maxConnections = options.maxConnections ?? 256;
  const agent = new Agent({ keepAlive: true, maxSockets: maxConnections, maxFreeSockets: maxConnections });
  const lags = new LatencyRecorder();
  const send = (scheduled: number, done: (status: number, ms: number) => void) => {
    lags.add(performance.now() - scheduled);
    let settled = false;
    const finish = (status: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(status, performance.now() - scheduled);
    };
    const req = httpRequest(
      {
        agent,
        host: '127.0.0.1',
        port: server.port,
        path: request.path,
        method: request.method ?? 'GET',
        headers: request.headers,
      },
      (res) => {
        res.resume();
        res.once('end', () => finish(res.statusCode ?? 0));
        res.once('error', () => finish(0));
      },
    );
    // The whole exchange, connection included, must finish in time (a socket timeout would not
    // count a connection waiting in a full listen backlog).
    const timer = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
    req.once('error', () => finish(0));
    req.end(request.body);
  };

  // Open some connections first, so the run does not start with a burst of handshakes.
  const preopen = Math.min(512, Math.ceil(rate / 50) + 2);
  await Promise.all(
    Array.from(
      { length: preopen },
      () => new Promise<void>((resolve) => send(performance.now(), () => resolve())),
    ),
  );

  const admitted = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  let good = 0;
  let refused = 0;
  let failed = 0;
  let finished = 0;
  let connections = 0;
  lags.clear();
  const cpuBefore = server.cpuMicros();
  const start = performance.now();
  const interval = 1000 / rate;
  await new Promise<void>((resolve) => {
    const done = (status: number, ms: number) => {
      finished++;
      if (status === 0) failed++;
      else {
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          admitted.add(ms);
          if (ms <= goodWithin) good++;
        } else refused++;
      }
      if (finished === total) resolve();
    };
    let sent = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      while (sent < due) send(start + sent++ * interval, done);
      let open = 0;
      for (const list of Object.values(agent.sockets)) open += list?.length ?? 0;
      if (open > connections) connections = open;
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const cpu = server.cpuMicros() - cpuBefore;
  const wallMs = performance.now() - start;
  agent.destroy();
  const seconds = total / rate;
  return {
    offeredRate: rate,
    seconds,
    admittedRate: admitted.count / seconds,
    goodRate: good / seconds,
    refusedRate: refused / seconds,
    failedRate: failed / seconds,
    admittedP50Ms: admitted.quantile(0.5),
    admittedP99Ms: admitted.quantile(0.99),
    sendLagP99Ms: lags.quantile(0.99),
    connections,
    cpuPerRequestUs: cpu / total,
    serverCpuShare: cpu / 1000 / wallMs,
    statuses,
  };
}
