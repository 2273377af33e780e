import { type LoadSample, measureLoad, type RequestSpec } from './load.js';
import { type BenchOptions, machineInfo, selected } from './options.js';
import { pinning } from './pinning.js';
import { checkTarget, type ReportRow, type Role, type SuiteReport, type TargetResult } from './report.js';
import { type RunningServer, type ServerSpec, startServer } from './server-process.js';
import { median, round, spread } from './stats.js';
import { warmUp } from './warm-up.js';

/** One thing to measure: a server, the request sent to it, and the status it must answer. */
export interface ServerConfig {
  id: string;
  label: string;
  /** Ratios are taken within a group, against its one `role: 'baseline'` configuration. */
  group: string;
  role: Role;
  /** Configurations with the same server spec share one process. */
  server: ServerSpec;
  request: RequestSpec;
  expectStatus: number;
  /** Set when the configuration cannot run yet; the reason is printed and written. */
  skip?: string;
  /**
   * Extra counts read before and after each measurement and reported per request, e.g. Redis
   * commands (`INFO stats` total_commands_processed).
   */
  counters?: Counter[];
}

/** A monotonic count, sampled around each measurement (it may ask the server under test). */
export interface Counter {
  key: string;
  label: string;
  read(server: RunningServer): Promise<number>;
}

/** A goal from an issue on one configuration's median ratio to its baseline. */
export interface ServerTarget {
  text: string;
  row: string;
  /** A ratio to the baseline, or the key of a counter (figure per request). */
  metric: 'cpuRatio' | 'rpsRatio' | 'p99Ratio' | (string & {});
  comparison: '<=' | '>=';
  /** A fixed limit, or another row's figure of the same metric (times `factor`, default 1). */
  limit: number | { row: string; factor?: number };
}

export interface ServerSuiteSpec {
  suite: string;
  title: string;
  configs: ServerConfig[];
  targets?: ServerTarget[];
  notes?: string[];
  /** The chart's metric: server CPU per request (default) or requests per second, per group if a function. */
  chart?: 'cpu' | 'rps' | ((group: string) => 'cpu' | 'rps');
}

/** Per-round figures of one configuration, with its ratios to the baseline of the same round. */
export interface RoundFigures extends LoadSample {
  round: number;
  rpsRatio: number;
  cpuRatio: number;
  p50Ratio: number;
  p99Ratio: number;
  /** Counter deltas per answered request, by counter key. */
  perRequest: Record<string, number>;
}

const COLUMNS = [
  { key: 'rps', label: 'req/s' },
  { key: 'rpsRatio', label: 'req/s ×' },
  { key: 'rpsSpread', label: 'req/s spread' },
  { key: 'cpuUs', label: 'CPU µs/req' },
  { key: 'cpuRatio', label: 'CPU ×' },
  { key: 'cpuSpread', label: 'CPU spread' },
  { key: 'p50Ms', label: 'p50 ms' },
  { key: 'p99Ms', label: 'p99 ms' },
  { key: 'p50Ratio', label: 'p50 ×' },
  { key: 'p99Ratio', label: 'p99 ×' },
];

const percent = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '–');
const serverKey = (spec: ServerSpec) => JSON.stringify(spec);

function summarise(config: ServerConfig, rounds: RoundFigures[], chart: 'cpu' | 'rps'): ReportRow {
  const pick = (key: keyof RoundFigures) => rounds.map((r) => r[key] as number);
  const values: Record<string, number | string> = {
    rps: round(median(pick('requestsPerSecond')), 4),
    rpsRatio: round(median(pick('rpsRatio'))),
    rpsSpread: percent(spread(pick('requestsPerSecond'))),
    cpuUs: round(median(pick('cpuPerRequestUs'))),
    cpuRatio: round(median(pick('cpuRatio'))),
    cpuSpread: percent(spread(pick('cpuPerRequestUs'))),
    p50Ms: round(median(pick('p50Ms'))),
    p99Ms: round(median(pick('p99Ms'))),
    p50Ratio: round(median(pick('p50Ratio'))),
    p99Ratio: round(median(pick('p99Ratio'))),
  };
  for (const counter of config.counters ?? []) {
    values[counter.key] = round(median(rounds.map((r) => r.perRequest[counter.key] ?? Number.NaN)));
  }
  const answered = rounds.reduce((n, r) => n + r.requests, 0);
  const right = rounds.reduce((n, r) => n + (r.statuses[config.expectStatus] ?? 0), 0);
  const row: ReportRow = {
    id: config.id,
    label: config.label,
    group: config.group,
    role: config.role,
    values,
    chartRatio: (chart === 'cpu' ? values.cpuRatio : values.rpsRatio) as number,
  };
  if (answered === 0 || right / answered < 0.99) {
    const seen = Object.entries(rounds[0]?.statuses ?? {})
      .map(([s, n]) => `${s}×${n}`)
      .join(', ');
    row.warning = `expected ${config.expectStatus}, got ${seen || 'no answers'}`;
  }
  return row;
}

/**
 * Measures every configuration of a suite: per group, starts its servers, warms each
 * configuration up, then runs `rounds` rounds in which every configuration gets `seconds` of
 * load, in an order that rotates each round so drift falls on all alike. Ratios are taken per
 * round against the group's baseline, then the median over rounds is reported.
 *
 * @example
 * const report = await runServerSuite(spec, parseBenchOptions(['--quick']));
 */
export async function runServerSuite(
  spec: ServerSuiteSpec,
  options: BenchOptions,
  log: (line: string) => void = console.log,
): Promise<SuiteReport> {
  const chartOf = (group: string) =>
    typeof spec.chart === 'function' ? spec.chart(group) : (spec.chart ?? 'cpu');
  const rows: ReportRow[] = [];
  const raw: Record<string, RoundFigures[]> = {};
  const groupNames = [...new Set(spec.configs.map((c) => c.group))].filter((g) => selected(options, g));
  for (const group of groupNames) {
    const all = spec.configs.filter((c) => c.group === group);
    const runnable = all.filter((c) => !c.skip);
    const baseline = runnable.find((c) => c.role === 'baseline');
    const groupRows = new Map<string, ReportRow>();
    for (const c of all.filter((c) => c.skip)) {
      log(`  ${group} / ${c.label}: skipped: ${c.skip}`);
      groupRows.set(c.id, { id: c.id, label: c.label, group, role: c.role, values: {}, skipped: c.skip! });
    }
    if (!baseline) {
      for (const c of runnable) {
        groupRows.set(c.id, {
          id: c.id,
          label: c.label,
          group,
          role: c.role,
          values: {},
          skipped: 'no baseline in this group',
        });
      }
    } else {
      const servers = new Map<string, RunningServer>();
      // Every round runs on new server processes: the same server can settle a few percent faster or
      // slower in one process than in the next (JIT decisions, memory layout), and fresh processes
      // per round put that variance into the spread instead of into one configuration's figure.
      const startGroup = async () => {
        // Side by side; any that started are stopped, even if one failed.
        const specs = new Map(runnable.map((c) => [serverKey(c.server), c.server]));
        const started = await Promise.allSettled(
          [...specs].map(async ([key, spec]) => servers.set(key, await startServer(spec))),
        );
        const failed = started.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
        for (const c of runnable) {
          await warmUp(servers.get(serverKey(c.server))!, c.request, {
            count: options.warmupRequests,
            connections: options.connections,
          });
        }
      };
      const stopGroup = async () => {
        await Promise.all([...servers.values()].map((s) => s.stop()));
        servers.clear();
      };
      try {
        const figures = new Map<string, RoundFigures[]>(runnable.map((c) => [c.id, []]));
        for (let r = 0; r < options.rounds; r++) {
          await startGroup();
          const order = runnable.map((_, i) => runnable[(i + r) % runnable.length]!);
          const samples = new Map<string, LoadSample>();
          const counts = new Map<string, Record<string, number>>();
          for (const c of order) {
            const server = servers.get(serverKey(c.server))!;
            const before = await Promise.all((c.counters ?? []).map((k) => k.read(server)));
            const sample = await measureLoad(server, c.request, options);
            const after = await Promise.all((c.counters ?? []).map((k) => k.read(server)));
            const perRequest: Record<string, number> = {};
            (c.counters ?? []).forEach((k, i) => {
              perRequest[k.key] = (after[i]! - before[i]!) / sample.requests;
            });
            samples.set(c.id, sample);
            counts.set(c.id, perRequest);
          }
          await stopGroup();
          const base = samples.get(baseline.id)!;
          for (const c of runnable) {
            const s = samples.get(c.id)!;
            figures.get(c.id)!.push({
              ...s,
              round: r + 1,
              rpsRatio: s.requestsPerSecond / base.requestsPerSecond,
              cpuRatio: s.cpuPerRequestUs / base.cpuPerRequestUs,
              p50Ratio: s.p50Ms / base.p50Ms,
              p99Ratio: s.p99Ms / base.p99Ms,
              perRequest: counts.get(c.id)!,
            });
          }
          log(
            `  ${group} round ${r + 1}/${options.rounds}: ${order
              .map((c) => `${c.id} ${Math.round(samples.get(c.id)!.requestsPerSecond)} req/s`)
              .join(', ')}`,
          );
        }
        for (const c of runnable) {
          raw[c.id] = figures.get(c.id)!;
          groupRows.set(c.id, summarise(c, figures.get(c.id)!, chartOf(group)));
        }
      } catch (error) {
        const why = `failed: ${(error as Error).message}`;
        log(`  ${group}: ${why}`);
        for (const c of runnable) {
          if (!groupRows.has(c.id))
            groupRows.set(c.id, { id: c.id, label: c.label, group, role: c.role, values: {}, skipped: why });
        }
      } finally {
        await stopGroup();
      }
    }
    for (const c of all) rows.push(groupRows.get(c.id)!);
  }
  const figure = (id: string, metric: string) => {
    const row = rows.find((r) => r.id === id);
    const value = row && !row.skipped ? row.values[metric] : undefined;
    return typeof value === 'number' ? value : undefined;
  };
  const targets: TargetResult[] = (spec.targets ?? []).map((t) => {
    const limit =
      typeof t.limit === 'number'
        ? t.limit
        : (figure(t.limit.row, t.metric) ?? Number.NaN) * (t.limit.factor ?? 1);
    const value = Number.isFinite(limit) ? figure(t.row, t.metric) : undefined;
    return checkTarget(t.text, t.row, value, t.comparison, limit);
  });
  const counterColumns = new Map<string, string>();
  for (const c of spec.configs) for (const k of c.counters ?? []) counterColumns.set(k.key, k.label);
  const charts = new Set(groupNames.map(chartOf));
  return {
    suite: spec.suite,
    title: spec.title,
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(),
    settings: {
      rounds: options.rounds,
      secondsPerRun: options.seconds,
      connections: options.connections,
      cpu: 'server process utime+stime from /proc/<pid>/stat',
      pinning: pinning().description,
    },
    columns: [...COLUMNS, ...[...counterColumns].map(([key, label]) => ({ key, label }))],
    rows,
    chartMetric:
      charts.size > 1
        ? 'per group: server CPU µs per request (shorter is better) or requests per second (longer is better), ratio to the group baseline'
        : charts.has('rps')
          ? 'requests per second, ratio to the group baseline'
          : 'server CPU µs per request, ratio to the group baseline',
    lowerIsBetter: !charts.has('rps'),
    targets,
    notes: spec.notes ?? [],
    raw,
  };
}
