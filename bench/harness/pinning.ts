import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Keeps the server under test and the load generator off each other's cores. On a machine with
 * few cores the kernel otherwise moves them around, and the same server measures 12 µs per
 * request in one process and 16 µs in the next. With `taskset` (Linux) and at least two cores,
 * servers run on the last core and this process (autocannon, the arrival driver) on the others;
 * elsewhere nothing is pinned and the report says so.
 */
export interface Pinning {
  /** Put in front of a server's command line (`taskset -c <core>`), or empty. */
  serverPrefix: readonly string[];
  /** For the report: which cores the servers and the load generator use. */
  description: string;
}

let chosen: Pinning | undefined;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process's threads to all cores but the last and returns how to pin servers to it. */
export function pinning(): Pinning {
  if (chosen) return chosen;
  const cores = availableParallelism();
  if (process.platform !== 'linux' || cores < 2 || process.env.BENCH_PIN === '0' || !hasTaskset()) {
    chosen = { serverPrefix: [], description: 'not pinned' };
    return chosen;
  }
  const last = cores - 1;
  const others = last === 1 ? '0' : `0-${last - 1}`;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', others, String(process.pid)], { stdio: 'ignore' });
  } catch {
    chosen = { serverPrefix: [], description: 'not pinned (taskset refused)' };
    return chosen;
  }
  chosen = {
    serverPrefix: ['taskset', '-c', String(last)],
    description: `servers on core ${last}, load generator on core${last === 1 ? '' : 's'} ${others}`,
  };
  return chosen;
}
