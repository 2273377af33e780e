// The fixed CPU work of the overload suite's endpoint, shared by its server and the suite: the
// suite calibrates once and passes the same iteration count to every server it starts, so each
// server does exactly the same work per request whatever the machine was doing when it started.

let sink = 0;

/** Spins a small integer generator `iterations` times; the result is kept so nothing is optimised away. */
export function spin(iterations: number): number {
  let x = sink | 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
  sink = x;
  return x;
}

/**
 * The iteration count that takes `workMs` of CPU on this machine. Trials are timed in this
 * process's own CPU time, not wall time, and the fastest counts, so other processes taking the
 * CPU during calibration do not make the work look slower than it is.
 */
export function calibrate(workMs: number, trials = 7): number {
  const size = 10_000_000;
  spin(size);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < trials; i++) {
    const start = process.cpuUsage();
    spin(size);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return Math.round((size * workMs) / best);
}
