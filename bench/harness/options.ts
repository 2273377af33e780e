import { cpus } from 'node:os';
import { join } from 'node:path';

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
  /** Only groups whose name contains this text (for trying one part of a suite). */
  only?: string;
}

/**
 * Reads `--quick`, `--rounds N`, `--seconds N`, `--warmup N`, `--connections N`, `--out DIR` and
 * `--only TEXT` from argv.
 */
export function parseBenchOptions(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    if (at >= 0) return argv[at + 1];
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const number = (name: string, fallback: number): number => {
    const parsed = Number(value(name));
    return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
  };
  return {
    quick,
    rounds: Math.round(number('--rounds', quick ? 2 : 3)),
    seconds: Math.round(number('--seconds', quick ? 1 : 3)),
    warmupRequests: Math.round(number('--warmup', quick ? 2000 : 10_000)),
    connections: Math.round(number('--connections', 10)),
    outDir: value('--out') ?? join(import.meta.dirname, '..', 'results', ...(quick ? ['quick'] : [])),
    ...(value('--only') ? { only: value('--only')! } : {}),
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
