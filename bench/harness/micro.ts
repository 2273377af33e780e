import { median, spread } from './stats.js';

/** One in-process operation to time. */
export interface MicroCase {
  id: string;
  /** Returns something, so the work cannot be optimised away. */
  fn: () => unknown;
}

export interface MicroResult {
  id: string;
  /** Nanoseconds per operation, one figure per sample. */
  samples: number[];
  medianNs: number;
  spread: number;
}

/** Somewhere results go so the optimiser must keep the work. */
const sink: unknown[] = new Array(256);

function timeBatch(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink[i & 255] = fn();
  return Number(process.hrtime.bigint() - start);
}

/** How many iterations make one batch last about `targetMs`. */
function calibrate(fn: () => unknown, targetMs: number): number {
  let iterations = 1000;
  for (;;) {
    const ns = timeBatch(fn, iterations);
    if (ns >= 5e6 || iterations >= 1e8) return Math.max(1000, Math.round((iterations * targetMs * 1e6) / ns));
    iterations *= 4;
  }
}

/**
 * Times each case in batches: a warm-up, then `samples` rounds in which every case runs one batch
 * of about `batchMs`, in a rotating order. Reports the median nanoseconds per operation and the
 * spread over samples. Sample `s` of every case comes from the same round, so paired ratios
 * (`samples[s] / other.samples[s]`) cancel slow drift.
 *
 * @example
 * const [a, b] = runMicro([{ id: 'a', fn: () => new Error() }, { id: 'b', fn: () => ({}) }]);
 */
export function runMicro(
  cases: readonly MicroCase[],
  options: { samples: number; batchMs: number },
): MicroResult[] {
  for (const c of cases) timeBatch(c.fn, calibrate(c.fn, options.batchMs));
  const iterations = cases.map((c) => calibrate(c.fn, options.batchMs));
  const samples = cases.map(() => [] as number[]);
  for (let s = 0; s < options.samples; s++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + s) % cases.length;
      samples[i]!.push(timeBatch(cases[i]!.fn, iterations[i]!) / iterations[i]!);
    }
  }
  return cases.map((c, i) => ({
    id: c.id,
    samples: samples[i]!,
    medianNs: median(samples[i]!),
    spread: spread(samples[i]!),
  }));
}

/** The median of paired per-sample ratios `a[s] / b[s]`. */
export function pairedRatio(a: MicroResult, b: MicroResult): number {
  return median(a.samples.map((x, s) => x / b.samples[s]!));
}
