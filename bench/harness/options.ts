import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** Settings shared by every suite; `--quick` shortens everything for checking the harness. */
export interface BenchOptions {
  quick: boolean;
  /** Rounds; in each, every configuration of a group is measured once, in a rotating order. */
  rounds: number;
  /** Seconds of load per configuration per round (whole seconds). */
  seconds: number;
  /** Warm-up requests per configuration in each round, on the fresh server processes of that round. */
  warmupRequests: number;
  /** Concurrent connections of closed-loop runs. */
  connections: number;
  /**
   * Where results are written: `bench/results/` for a full run, `bench/results/quick/` (git-ignored)
   * for `--quick`, so a quick run never overwrites the committed full-run results; `--out DIR` wins.
   */
  outDir: string;
  /** Only groups whose name contains one of these texts (`--only` may be given more than once). */
  only?: string[];
}

/** Whether a group is measured under `--only` (every group when it is not given). */
export function selected(options: BenchOptions, group: string): boolean {
  return !options.only || options.only.some((text) => group.toLowerCase().includes(text.toLowerCase()));
}

/**
 * Reads `--quick`, `--rounds N`, `--seconds N`, `--warmup N`, `--connections N`, `--out DIR` and
 * `--only TEXT` (more than once for several groups) from argv; a bad value or an unknown flag throws.
 */
export function parseBenchOptions(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  const count = { type: 'string' } as const;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      rounds: count,
      seconds: count,
      warmup: count,
      connections: count,
      out: { type: 'string' },
      only: { type: 'string', multiple: true },
    },
  });
  const quick = values.quick;
  const number = (name: 'rounds' | 'seconds' | 'warmup' | 'connections', fallback: number) => {
    const given = values[name];
    if (given === undefined) return fallback;
    const parsed = Number(given);
    if (!Number.isFinite(parsed) || parsed <= 0) {
      throw new Error(`--${name} takes a positive number; got ${JSON.stringify(given)}`);
    }
    return Math.round(parsed);
  };
  return {
    quick,
    rounds: number('rounds', quick ? 2 : 3),
    seconds: number('seconds', quick ? 1 : 3),
    warmupRequests: number('warmup', quick ? 2000 : 10_000),
    connections: number('connections', 10),
    outDir: values.out ?? join(import.meta.dirname, '..', 'results', ...(quick ? ['quick'] : [])),
    ...(values.only ? { only: values.only } : {}),
  };
}

/** The machine a run happened on, written beside every result. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
