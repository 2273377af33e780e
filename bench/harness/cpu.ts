import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time of another process, read from Linux's `/proc/<pid>/stat` (fields 14 and 15: utime and
 * stime, in clock ticks). This needs nothing from the server under test — any child works, a CLI
 * included — and costs it nothing. The resolution is one clock tick (10 ms at the usual 100 Hz),
 * so a measurement should burn at least a few hundred milliseconds of CPU; each round of a suite
 * does (thousands of requests per second for at least a second).
 */
let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** True where `/proc/<pid>/stat` can be read (Linux). */
export function canReadProcessCpu(): boolean {
  try {
    readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU time of the process, in microseconds. */
export function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces; count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / clockTicks();
}
