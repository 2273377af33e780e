// The overload suite's server: GET /work does a fixed amount of CPU work (WORK_ITERATIONS spins of
// bench/servers/overload-work.ts, as calibrated by the suite; else WORK_MS, default 2 ms,
// calibrated here) and answers 200. Mode `shed` puts statuskit's load-shedding guard (src/guards,
// default options) in front of it, answering a shed request through the error responder as the
// adapters do; `plain` has none. GET /loop answers the server's event-loop busy and idle time so
// far ({ active, idle } in ms), never shed. SHED_OPTIONS (JSON) overrides the guard's options, for
// trying settings by hand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createErrorResponder } from 'statuskit';
import { type GuardRequest, type GuardResult, loadShedding } from 'statuskit/guards';
import { listen, variant } from './listen.js';
import { calibrate, spin } from './overload-work.js';

const mode = variant(['plain', 'shed'] as const);
const iterations = Number(process.env.WORK_ITERATIONS) || calibrate(Number(process.env.WORK_MS ?? 2));
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

const shedder =
  mode === 'shed'
    ? loadShedding({ exemptPaths: ['/loop'], ...JSON.parse(process.env.SHED_OPTIONS ?? '{}') })
    : undefined;

/** The view a guard takes, as the adapters build it (the shedder reads only the path). */
function view(req: IncomingMessage): GuardRequest {
  return {
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0]!,
    ip: req.socket.remoteAddress,
    header: (name) => req.headers[name]?.toString(),
  };
}

function loop(res: ServerResponse): void {
  const { active, idle } = performance.eventLoopUtilization();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ active, idle }));
}

const server = createServer((req, res) => {
  if (req.url === '/loop') return loop(res);
  if (!shedder) return work(res);
  const decide = (d: GuardResult) => (d?.error ? refuse(res, d.error) : work(res));
  const decision = shedder.check(view(req));
  if (decision instanceof Promise) void decision.then(decide);
  else decide(decision);
});
listen(server);
