// The overload suite: a constant arrival rate at 0.5×, 1×, 2× and 3× the measured
// capacity of an endpoint doing fixed CPU work, without and with statuskit's load shedding
// (src/guards, default options). Goodput = 2xx answers within 200 ms per second, as a fraction of
// capacity; admitted p99 is compared with the same server's p99 when unloaded (0.1× capacity).
// `npm run bench:overload [-- --quick]`
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ArrivalSample, measureArrivalRate } from './harness/arrival.js';
import { measureLoad } from './harness/load.js';
import { isMain, runSuite, type SuiteRunner } from './harness/main.js';
import { machineInfo } from './harness/options.js';
import { pinning } from './harness/pinning.js';
import { checkTarget, type ReportRow } from './harness/report.js';
import { type RunningServer, startServer } from './harness/server-process.js';
import { median, round } from './harness/stats.js';
import { warmUp } from './harness/warm-up.js';
import { calibrate } from './servers/overload-work.js';

const ROOT = join(import.meta.dirname, '..');
const SERVER = join(import.meta.dirname, 'servers', 'overload.ts');
/** Offered load as multiples of capacity; 0.1× is the unloaded reference for p99. */
const UNLOADED = 0.1;
const MULTIPLES = [UNLOADED, 0.5, 1, 2, 3];
const WORK = { path: '/work' };
const WORK_MS = 2;
const GOOD_WITHIN_MS = 200;

/** Waits until the server has worked off any backlog (its CPU use stops growing), at most 5 s. */
async function drain(server: RunningServer): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = server.cpuMicros();
    await sleep(100);
    if (server.cpuMicros() - before < 10_000) return;
  }
}

/** The server's event-loop busy and idle time so far, in ms (its `GET /loop`). */
function loopTimes(server: RunningServer): Promise<{ active: number; idle: number }> {
  return new Promise((resolve, reject) => {
    get(`${server.origin}/loop`, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(JSON.parse(body) as { active: number; idle: number }));
    }).on('error', reject);
  });
}

/** One arrival-rate run and what it is worth against the capacity and unloaded p99 of its round. */
interface Measured {
  round: number;
  capacity: number;
  goodput: number;
  /** Admitted p99 over the same server's unloaded p99 in the same round. */
  p99Ratio: number;
  /** The server's event-loop utilisation over the run: below 1 under overload means it sat idle. */
  loopBusy: number;
  /**
   * Goodput with CPU taken by other processes put back: as if the server had had its core whenever
   * its loop was busy, in this run and while capacity was measured. Idle time is not put back.
   */
  goodputCpu: number;
  sample: ArrivalSample;
}

/** The range over rounds as text, e.g. `0.91–0.96`; `–` for a single round. */
const range = (values: readonly number[]) =>
  values.length < 2 ? '–' : `${round(Math.min(...values))}–${round(Math.max(...values))}`;

export const runOverload: SuiteRunner = async (options, log) => {
  const seconds = options.quick ? 2 : 5;
  const rounds = options.quick ? 1 : Math.min(options.rounds, 3);
  let shedSkip = existsSync(join(ROOT, 'src', 'guards', 'index.ts'))
    ? undefined
    : 'src/guards/index.ts does not exist yet';
  if (shedSkip) log(`  with load shedding: skipped: ${shedSkip}`);
  // One calibration for every server, so each does exactly the same work per request.
  const iterations = calibrate(WORK_MS);
  const env = { WORK_ITERATIONS: String(iterations) };
  const plain = await startServer({ file: SERVER, args: ['plain'], env });
  let shed: RunningServer | undefined;
  try {
    if (!shedSkip) {
      try {
        shed = await startServer({ file: SERVER, args: ['shed'], env });
      } catch (error) {
        shedSkip = `the load-shedding server did not start: ${(error as Error).message}`;
        log(`  with load shedding: skipped: ${shedSkip}`);
      }
    }
    for (const s of [plain, shed]) if (s) await warmUp(s, WORK, { count: 1000, connections: 4 });
    const modes = [
      { id: 'plain', label: 'without load shedding', role: 'baseline' as const, server: plain },
      { id: 'shed', label: 'statuskit load shedding', role: 'statuskit' as const, server: shed },
    ];
    const measured = new Map<string, Measured[]>();
    const capacities: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Capacity in every round, right before the runs it scales, so drift on a shared machine
      // moves the offered rates along with what the server can do.
      const closed = await measureLoad(plain, WORK, { connections: options.connections, seconds });
      const capacity = closed.requestsPerSecond;
      capacities.push(capacity);
      const share = (capacity * closed.cpuPerRequestUs) / 1e6;
      log(
        `  round ${r + 1}/${rounds}: capacity ${Math.round(capacity)} req/s, ` +
          `server CPU ${Math.round(closed.cpuPerRequestUs)} µs/request, server CPU share ${share.toFixed(2)}`,
      );
      const unloadedP99 = new Map<string, number>();
      for (const multiple of MULTIPLES) {
        const order = (r + MULTIPLES.indexOf(multiple)) % 2 === 0 ? modes : [...modes].reverse();
        for (const mode of order) {
          if (!mode.server) continue;
          await drain(mode.server);
          const loopBefore = await loopTimes(mode.server);
          const sample = await measureArrivalRate(mode.server, WORK, {
            rate: multiple * capacity,
            seconds,
            goodWithinMs: GOOD_WITHIN_MS,
          });
          const loopAfter = await loopTimes(mode.server);
          const active = loopAfter.active - loopBefore.active;
          const loopBusy = active / (active + loopAfter.idle - loopBefore.idle);
          if (multiple === UNLOADED) unloadedP99.set(mode.id, sample.admittedP99Ms);
          const p99Ratio = sample.admittedP99Ms / (unloadedP99.get(mode.id) ?? Number.NaN);
          const key = `${mode.id}-${multiple}`;
          const goodput = sample.goodRate / capacity;
          const goodputCpu = ((goodput * loopBusy) / sample.serverCpuShare) * share;
          const entry = { round: r, capacity, goodput, p99Ratio, loopBusy, goodputCpu, sample };
          measured.set(key, [...(measured.get(key) ?? []), entry]);
          log(
            `  ${multiple}× ${mode.label}: offered ${sample.offeredRate}/s, goodput ${entry.goodput.toFixed(3)}, ` +
              `refused ${Math.round(sample.refusedRate)}/s, no answer ${Math.round(sample.failedRate)}/s, ` +
              `admitted p50 ${sample.admittedP50Ms.toFixed(1)} ms, p99 ${sample.admittedP99Ms.toFixed(1)} ms ` +
              `(${p99Ratio.toFixed(2)}× unloaded), server loop busy ${loopBusy.toFixed(2)}, CPU ${sample.serverCpuShare.toFixed(2)}, ` +
              `goodput CPU-corrected ${goodputCpu.toFixed(3)}, ` +
              `send lag p99 ${sample.sendLagP99Ms.toFixed(1)} ms, ${sample.connections} connections`,
          );
        }
      }
    }
    const rows: ReportRow[] = [];
    for (const multiple of MULTIPLES) {
      for (const mode of modes) {
        const group = multiple === UNLOADED ? `${multiple}× capacity (unloaded)` : `${multiple}× capacity`;
        const base = { id: `${mode.id}-${multiple}x`, label: mode.label, group, role: mode.role };
        const list = measured.get(`${mode.id}-${multiple}`);
        if (!list) {
          rows.push({ ...base, values: {}, skipped: shedSkip ?? 'not measured' });
          continue;
        }
        const pick = (f: (m: Measured) => number) => round(median(list.map(f)));
        const goodput = pick((m) => m.goodput);
        rows.push({
          ...base,
          values: {
            offered: pick((m) => m.sample.offeredRate),
            goodput,
            goodputRange: range(list.map((m) => m.goodput)),
            admitted: pick((m) => m.sample.admittedRate),
            refused: pick((m) => m.sample.refusedRate),
            failed: pick((m) => m.sample.failedRate),
            p50: pick((m) => m.sample.admittedP50Ms),
            p99: pick((m) => m.sample.admittedP99Ms),
            p99Ratio: pick((m) => m.p99Ratio),
            p99RatioRange: range(list.map((m) => m.p99Ratio)),
            goodputCpu: pick((m) => m.goodputCpu),
            busy: pick((m) => m.loopBusy),
            cpu: pick((m) => m.sample.serverCpuShare),
            lag: pick((m) => m.sample.sendLagP99Ms),
          },
          chartRatio: goodput,
        });
      }
    }
    const value = (id: string, key: string) => {
      const v = rows.find((r) => r.id === id)?.values[key];
      return typeof v === 'number' ? v : undefined;
    };
    const capacity = median(capacities);
    return {
      suite: 'overload',
      title: 'Overload: goodput under a constant arrival rate',
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      machine: machineInfo(),
      settings: {
        pinning: pinning().description,
        capacityPerSecond: round(capacity, 4),
        capacityRange: range(capacities),
        workMs: WORK_MS,
        workIterations: iterations,
        secondsPerRun: seconds,
        rounds,
        unloadedMultiple: UNLOADED,
        goodWithinMs: GOOD_WITHIN_MS,
      },
      columns: [
        { key: 'offered', label: 'offered/s' },
        { key: 'goodput', label: 'goodput (of capacity)' },
        { key: 'goodputRange', label: 'goodput range' },
        { key: 'admitted', label: '2xx/s' },
        { key: 'refused', label: 'refused/s' },
        { key: 'failed', label: 'no answer/s' },
        { key: 'p50', label: 'admitted p50 ms' },
        { key: 'p99', label: 'admitted p99 ms' },
        { key: 'p99Ratio', label: 'p99 × unloaded' },
        { key: 'p99RatioRange', label: 'p99 × unloaded range' },
        { key: 'busy', label: 'server loop busy' },
        { key: 'goodputCpu', label: 'goodput, CPU-corrected' },
        { key: 'cpu', label: 'server CPU share' },
        { key: 'lag', label: 'client send lag p99 ms' },
      ],
      rows,
      chartMetric: `goodput: 2xx answers within ${GOOD_WITHIN_MS} ms per second, as a fraction of capacity`,
      lowerIsBetter: false,
      chartReference: 'capacity',
      targets: [
        checkTarget(
          'at 3× capacity, goodput with load shedding ≥ 0.9',
          'shed-3x',
          value('shed-3x', 'goodput'),
          '>=',
          0.9,
        ),
        checkTarget(
          'at 3× capacity, admitted p99 with load shedding ≤ 3× the unloaded p99',
          'shed-3x',
          value('shed-3x', 'p99Ratio'),
          '<=',
          3,
        ),
      ],
      notes: [
        `Endpoint: ${WORK_MS} ms of CPU work per request (${iterations} iterations, calibrated once and given to both servers). Capacity measured closed-loop with ${options.connections} connections on the server without shedding at the start of every round: median ${Math.round(capacity)} req/s (${range(capacities.map(Math.round))}); each round's offered rates and goodput use that round's capacity.`,
        `Figures are medians over ${rounds} round${rounds === 1 ? '' : 's'} of ${seconds} s per configuration, with the range over rounds beside goodput and the p99 ratio. "p99 × unloaded" divides a run's admitted p99 by the same server's p99 at ${UNLOADED}× capacity in the same round.`,
        'Arrivals: open loop, evenly spaced, over at most 256 keep-alive connections (a request waits for a free one); latency and the 2 s timeout ("no answer") run from the scheduled send time, so waiting in the client, the kernel and the server all counts.',
        '2xx/s, refused/s (answers other than 2xx: 503 from load shedding) and no answer/s split the offered requests by outcome, per second of offering; answers may come after the offering ends, so 2xx/s can exceed capacity without shedding. Diagnostics: "server loop busy" is the server\'s event-loop utilisation over the run (below 1 under overload: it sat idle, e.g. shed too much); "server CPU share" its CPU time over wall time (below the loop\'s busy share: other processes on the machine took the core); "goodput, CPU-corrected" = goodput × loop busy ÷ CPU share × the capacity run\'s CPU share, i.e. as if the server had had its core whenever its loop was busy (idle time is not put back); "client send lag" how late the load driver itself sent requests (the client starved of CPU). The targets are checked on the measured figures, not the corrected ones.',
      ],
      raw: Object.fromEntries(measured),
    };
  } finally {
    await Promise.all([plain.stop(), shed?.stop()]);
  }
};

if (isMain(import.meta.url))
  await runSuite('overload', 'Overload: goodput under a constant arrival rate', runOverload);
