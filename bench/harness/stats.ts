/** Small, dependency-free statistics used by every suite. */

/** The median of a list (the mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The spread of a list around its median: (max − min) / median, e.g. 0.04 for ±2 %. With the
 * handful of rounds a benchmark affords, the full range is more honest than a standard deviation.
 */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mid = median(values);
  if (!Number.isFinite(mid) || mid === 0) return Number.NaN;
  return (Math.max(...values) - Math.min(...values)) / Math.abs(mid);
}

/** The q-quantile (0–1) of an already sorted list, by the nearest-rank method. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** A growable list of latencies in milliseconds, kept as doubles without per-value allocation. */
export class LatencyRecorder {
  #values = new Float64Array(4096);
  #count = 0;

  /** Adds one latency in milliseconds. */
  add(ms: number): void {
    if (this.#count === this.#values.length) {
      const bigger = new Float64Array(this.#values.length * 2);
      bigger.set(this.#values);
      this.#values = bigger;
    }
    this.#values[this.#count++] = ms;
  }

  get count(): number {
    return this.#count;
  }

  /** Forgets every value recorded so far. */
  clear(): void {
    this.#count = 0;
  }

  /** The q-quantile (0–1) in milliseconds; NaN when nothing was recorded. */
  quantile(q: number): number {
    return quantileSorted(this.#values.subarray(0, this.#count).sort(), q);
  }
}

/** Rounds to a number of significant digits, for tables and JSON meant for people. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
