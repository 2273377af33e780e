import { availableParallelism } from 'node:os';
import {
  type CountedServer,
  callgrindMissing,
  instructionsPerRequest,
  startCounted,
} from './instructions.js';
import { type BenchOptions, machineInfo, selected } from './options.js';
import type { ReportRow, SuiteReport } from './report.js';
import { checkTargets, type ServerSuiteSpec } from './server-suite.js';
import { median, round, spread } from './stats.js';
import { warmUp } from './warm-up.js';

const COLUMNS = [
  { key: 'instructions', label: 'instructions/req' },
  { key: 'instrRatio', label: 'instructions ×' },
  { key: 'instrSpread', label: 'spread' },
];

const serverKey = (spec: unknown) => JSON.stringify(spec);
/** At most this many windows are counted before the rounds, to let the JIT settle. */
const SETTLE_WINDOWS = 8;
/** Two windows in a row within this fraction of each other: settled. */
const SETTLED = 0.03;

/**
 * Measures a server suite's configurations in instructions per request (see `instructions.ts`)
 * instead of CPU time: per group, each server process starts once under callgrind, every
 * configuration it serves is warmed up and counted until its counts settle, then each round counts
 * `requests` requests of every configuration in turn. A configuration's figure is the median over rounds; its ratio is to the
 * group's baseline. Targets name `instrRatio` as their metric.
 *
 * @example
 * const report = await runInstructionSuite(spec, parseBenchOptions(['--quick']));
 */
export async function runInstructionSuite(
  spec: ServerSuiteSpec,
  options: BenchOptions,
  log: (line: string) => void = console.log,
): Promise<SuiteReport> {
  const missing = callgrindMissing();
  const rows: ReportRow[] = [];
  const raw: Record<string, number[]> = {};
  const groups = [...new Set(spec.configs.map((c) => c.group))].filter((g) => selected(options, g));
  /** One group: its servers start under callgrind, are warmed up, counted, and stopped. */
  const measureGroup = async (group: string): Promise<ReportRow[]> => {
    const groupRows: ReportRow[] = [];
    const all = spec.configs.filter((c) => c.group === group);
    const why = missing ?? all.find((c) => c.role === 'baseline' && c.skip)?.skip;
    const runnable = why ? [] : all.filter((c) => !c.skip);
    const counts = new Map<string, number[]>(runnable.map((c) => [c.id, []]));
    const statuses = new Map<string, Record<string, number>>();
    const settled = new Set<string>();
    let failed: string | undefined;
    const servers = new Map<string, CountedServer>();
    try {
      for (const c of runnable) {
        const key = serverKey(c.server);
        if (!servers.has(key)) servers.set(key, await startCounted({ ...c.server, pinned: false }));
        await warmUp(servers.get(key)!, c.request, {
          count: options.warmupRequests,
          connections: options.connections,
        });
      }
      // V8 goes on compiling and re-optimising long after a warm-up that suffices for timing, and
      // under callgrind that work is counted: count windows until two in a row agree within 3 %.
      for (const c of runnable) {
        const server = servers.get(serverKey(c.server))!;
        let previous = Number.NaN;
        for (let w = 0; w < SETTLE_WINDOWS; w++) {
          const { perRequest } = await instructionsPerRequest(server, c.request, options.requests);
          if (Math.abs(perRequest - previous) <= SETTLED * previous) {
            settled.add(c.id);
            break;
          }
          previous = perRequest;
        }
      }
      for (let r = 0; r < options.rounds; r++) {
        for (const c of runnable) {
          const counted = await instructionsPerRequest(
            servers.get(serverKey(c.server))!,
            c.request,
            options.requests,
          );
          counts.get(c.id)!.push(counted.perRequest);
          statuses.set(c.id, counted.statuses);
        }
        log(
          `  ${group} round ${r + 1}/${options.rounds}: ${runnable
            .map((c) => `${c.id} ${Math.round(counts.get(c.id)!.at(-1)!)}`)
            .join(', ')}`,
        );
      }
    } catch (error) {
      failed = `failed: ${(error as Error).message}`;
      log(`  ${group}: ${failed}`);
    } finally {
      await Promise.all([...servers.values()].map((s) => s.stop()));
    }
    const baseline = runnable.find((c) => c.role === 'baseline');
    const base = baseline ? median(counts.get(baseline.id)!) : Number.NaN;
    for (const c of all) {
      const row: ReportRow = { id: c.id, label: c.label, group, role: c.role, values: {} };
      const skipped = failed ?? why ?? c.skip;
      if (skipped) row.skipped = skipped;
      else {
        const values = counts.get(c.id)!;
        raw[c.id] = values;
        const perRequest = median(values);
        row.values = {
          instructions: Math.round(perRequest),
          instrRatio: round(perRequest / base),
          instrSpread: `${(spread(values) * 100).toFixed(1)} %`,
        };
        row.chartRatio = row.values.instrRatio as number;
        const seen = statuses.get(c.id) ?? {};
        if ((seen[c.expectStatus] ?? 0) !== options.requests) {
          row.warning = `expected ${c.expectStatus}, got ${Object.entries(seen)
            .map(([s, n]) => `${s}×${n}`)
            .join(', ')}`;
        } else if (!settled.has(c.id)) {
          row.warning = `counts had not settled after ${SETTLE_WINDOWS} windows: still changing by more than ${SETTLED * 100} % from one window to the next`;
        }
      }
      groupRows.push(row);
    }
    return groupRows;
  };
  // Counts do not depend on what else the machine runs, so groups are counted side by side, one
  // per core, each server unpinned.
  const measured = new Map<string, ReportRow[]>();
  const queue = [...groups];
  const worker = async () => {
    for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
      measured.set(group, await measureGroup(group));
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), groups.length) }, worker));
  for (const group of groups) rows.push(...measured.get(group)!);
  const targets = checkTargets(spec.targets ?? [], rows);
  return {
    suite: spec.suite,
    title: spec.title,
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(),
    settings: {
      rounds: options.rounds,
      requestsPerRound: options.requests,
      connections: 1,
      warmupRequests: options.warmupRequests,
      counted: 'instructions the server process executed in user space (valgrind --tool=callgrind)',
      parallel: `${availableParallelism()} groups at a time, servers not pinned`,
    },
    columns: COLUMNS,
    rows,
    chartMetric: 'instructions per request, ratio to the group baseline',
    lowerIsBetter: true,
    targets,
    notes: spec.notes ?? [],
    raw,
  };
}
