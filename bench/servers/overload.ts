// The overload suite's server: GET /work does a fixed amount of CPU work (WORK_MS, default 2 ms,
// calibrated once at start as a fixed iteration count) and answers 200. Mode `shed` puts
// statuskit's load-shedding guard (src/guards, default options) in front of it; `plain` has none.
import { createServer, type ServerResponse } from 'node:http';
import { type GuardResult, loadShedding, nodeGuardRequest } from '../../src/guards/index.js';
import { createErrorResponder } from '../../src/index.js';
import { listen, variant } from './listen.js';

const mode = variant(['plain', 'shed'] as const);
const workMs = Number(process.env.WORK_MS ?? 2);

let sink = 0;
function spin(iterations: number): number {
  let x = sink | 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
  sink = x;
  return x;
}
/** Iterations that take `workMs` on this machine, measured once, so each request costs the same CPU. */
function calibrate(): number {
  spin(5_000_000);
  const start = performance.now();
  spin(20_000_000);
  return Math.round((20_000_000 * workMs) / (performance.now() - start));
}
const iterations = calibrate();
const body = JSON.stringify({ success: 'OK' });

function work(res: ServerResponse): void {
  spin(iterations);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

const respond = createErrorResponder({ logger: false });
function refuse(res: ServerResponse, error: unknown): void {
  const parts = respond(error);
  res.writeHead(parts.status, parts.headers);
  res.end(parts.body);
}

// Default options: the shedder's own high marks (event-loop delay 40 ms, utilisation 0.95).
const shedder = mode === 'shed' ? loadShedding() : undefined;
const server = createServer((req, res) => {
  if (!shedder) return work(res);
  const decide = (d: GuardResult) => (d?.error ? refuse(res, d.error) : work(res));
  const decision = shedder.check(nodeGuardRequest(req));
  if (decision instanceof Promise) void decision.then(decide);
  else decide(decision);
});
listen(server);
