// The overload suite (issue 4): a constant arrival rate at 0.5×, 1×, 2× and 3× the measured
// capacity of an endpoint doing fixed CPU work, without and with statuskit's load shedding
// (src/guards). Goodput = 2xx answers within 200 ms per second, as a fraction of capacity.
// `npm run bench:overload [-- --quick]`
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ArrivalSample, measureArrivalRate } from './harness/arrival.js';
import { measureLoad } from './harness/load.js';
import { isMain, runSuite, type SuiteRunner } from './harness/main.js';
import { machineInfo } from './harness/options.js';
import { checkTarget, type ReportRow } from './harness/report.js';
import { type RunningServer, startServer } from './harness/server-process.js';
import { median, round } from './harness/stats.js';
import { warmUp } from './harness/warm-up.js';

const ROOT = join(import.meta.dirname, '..');
const SERVER = join(import.meta.dirname, 'servers', 'overload.ts');
const MULTIPLES = [0.5, 1, 2, 3];
const WORK = { path: '/work' };
const GOOD_WITHIN_MS = 200;

/** Waits until the server has worked off any backlog (its CPU use stops growing), at most 5 s. */
async function drain(server: RunningServer): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = server.cpuMicros();
    await sleep(100);
    if (server.cpuMicros() - before < 10_000) return;
  }
}

export const runOverload: SuiteRunner = async (options, log) => {
  const seconds = options.quick ? 2 : 5;
  const rounds = options.quick ? 1 : Math.min(options.rounds, 3);
  let shedSkip = existsSync(join(ROOT, 'src', 'guards', 'index.ts'))
    ? undefined
    : 'src/guards/index.ts does not exist yet';
  if (shedSkip) log(`  with load shedding: skipped: ${shedSkip}`);
  const plain = await startServer({ file: SERVER, args: ['plain'] });
  let shed: RunningServer | undefined;
  try {
    if (!shedSkip) {
      try {
        shed = await startServer({ file: SERVER, args: ['shed'] });
      } catch (error) {
        shedSkip = `the load-shedding server did not start: ${(error as Error).message}`;
        log(`  with load shedding: skipped: ${shedSkip}`);
      }
    }
    for (const s of [plain, shed]) if (s) await warmUp(s, WORK, { count: 500, connections: 4 });
    const capacity = (await measureLoad(plain, WORK, { connections: options.connections, seconds }))
      .requestsPerSecond;
    const unloaded = await measureLoad(plain, WORK, { connections: 1, seconds: Math.min(seconds, 2) });
    log(`  capacity ${Math.round(capacity)} req/s; unloaded p99 ${unloaded.p99Ms.toFixed(2)} ms`);
    const modes = [
      { id: 'plain', label: 'without load shedding', role: 'baseline' as const, server: plain },
      { id: 'shed', label: 'statuskit load shedding', role: 'statuskit' as const, server: shed },
    ];
    const samples = new Map<string, ArrivalSample[]>();
    for (const multiple of MULTIPLES) {
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? modes : [...modes].reverse();
        for (const mode of order) {
          if (!mode.server) continue;
          const sample = await measureArrivalRate(mode.server, WORK, {
            rate: multiple * capacity,
            seconds,
            goodWithinMs: GOOD_WITHIN_MS,
          });
          const key = `${mode.id}-${multiple}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          log(
            `  ${multiple}× ${mode.label}: offered ${sample.offeredRate}/s, good ${Math.round(sample.goodRate)}/s, ` +
              `refused ${Math.round(sample.refusedRate)}/s, admitted p99 ${sample.admittedP99Ms.toFixed(1)} ms, ${sample.connections} connections`,
          );
          await drain(mode.server);
        }
      }
    }
    const rows: ReportRow[] = [];
    for (const multiple of MULTIPLES) {
      for (const mode of modes) {
        const group = `${multiple}× capacity`;
        const base = { id: `${mode.id}-${multiple}x`, label: mode.label, group, role: mode.role };
        const list = samples.get(`${mode.id}-${multiple}`);
        if (!list) {
          rows.push({ ...base, values: {}, skipped: shedSkip ?? 'not measured' });
          continue;
        }
        const pick = (f: (s: ArrivalSample) => number) => round(median(list.map(f)));
        const goodput = pick((s) => s.goodRate / capacity);
        rows.push({
          ...base,
          values: {
            offered: pick((s) => s.offeredRate),
            goodput,
            admitted: pick((s) => s.admittedRate),
            refused: pick((s) => s.refusedRate),
            failed: pick((s) => s.failedRate),
            p50: pick((s) => s.admittedP50Ms),
            p99: pick((s) => s.admittedP99Ms),
            p99Ratio: pick((s) => s.admittedP99Ms / unloaded.p99Ms),
            connections: pick((s) => s.connections),
          },
          chartRatio: goodput,
        });
      }
    }
    const value = (id: string, key: string) => {
      const v = rows.find((r) => r.id === id)?.values[key];
      return typeof v === 'number' ? v : undefined;
    };
    return {
      suite: 'overload',
      title: 'Overload: goodput under a constant arrival rate',
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      machine: machineInfo(),
      settings: {
        capacityPerSecond: round(capacity, 4),
        unloadedP99Ms: round(unloaded.p99Ms),
        workMs: 2,
        secondsPerRun: seconds,
        rounds,
        goodWithinMs: GOOD_WITHIN_MS,
      },
      columns: [
        { key: 'offered', label: 'offered/s' },
        { key: 'goodput', label: 'goodput (of capacity)' },
        { key: 'admitted', label: '2xx/s' },
        { key: 'refused', label: 'refused/s' },
        { key: 'failed', label: 'no answer/s' },
        { key: 'p50', label: 'admitted p50 ms' },
        { key: 'p99', label: 'admitted p99 ms' },
        { key: 'p99Ratio', label: 'p99 × unloaded' },
        { key: 'connections', label: 'connections' },
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
        `Capacity ${Math.round(capacity)} req/s measured closed-loop with ${options.connections} connections; unloaded p99 ${unloaded.p99Ms.toFixed(2)} ms with one connection.`,
        'Arrivals: open loop, evenly spaced, over at most 256 keep-alive connections (a request waits for a free one); latency and the 2 s timeout ("no answer") run from the scheduled send time.',
        'refused/s counts answers other than 2xx (503 from load shedding).',
      ],
      raw: Object.fromEntries(samples),
    };
  } finally {
    await Promise.all([plain.stop(), shed?.stop()]);
  }
};

if (isMain(import.meta.url))
  await runSuite('overload', 'Overload: goodput under a constant arrival rate', runOverload);
