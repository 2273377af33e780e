import { type GcraOutcome, type GcraPolicy, gcraStep } from './gcra.js';
import { optionalFunction } from './options.js';
import type { RateLimitStore } from './store.js';
import { unrefTimer } from './unref-timer.js';

/**
 * Options for {@link MemoryStore}.
 *
 * @example
 * new MemoryStore({ now: () => fakeClock.ms })
 */
export interface MemoryStoreOptions {
  /** The clock in milliseconds. Default `Date.now`; tests pass a fake one. */
  now?: () => number;
}

/**
 * The default rate-limit store: one process, no dependencies, synchronous. Keys live in two
 * generations of maps that rotate once per longest window seen, so expiry is O(1) (a whole
 * generation is dropped at once) and no key outlives its bucket by more than one window.
 * The rotation timer is `unref()`ed: the store never keeps a process alive.
 *
 * @example
 * const limiter = rateLimit({ limit: 60, windowMs: 60_000, store: new MemoryStore() });
 */
export class MemoryStore implements RateLimitStore {
  #now: () => number;
  #current = new Map<string, number>();
  #previous = new Map<string, number>();
  #rotatedAt = Number.NaN;
  #periodMs = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now =
      optionalFunction('MemoryStore', 'now', options.now, 'pass a function returning milliseconds.') ??
      Date.now;
  }

  /** Number of keys held (both generations); for tests and metrics. */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  consume(key: string, policy: GcraPolicy): GcraOutcome {
    const nowMs = this.#now();
    const period = policy.capacityUs / 1000;
    if (period > this.#periodMs) this.#grow(period, nowMs);
    else if (nowMs - this.#rotatedAt >= this.#periodMs) this.#rotate(nowMs);
    const now = Math.round(nowMs * 1000);
    let tat = this.#current.get(key);
    if (tat === undefined) {
      tat = this.#previous.get(key);
      if (tat !== undefined) this.#previous.delete(key);
    }
    const step = gcraStep(policy, tat ?? 0, now);
    if (step.tat > now) this.#current.set(key, step.tat);
    else if (tat !== undefined) this.#current.delete(key);
    return step.outcome;
  }

  reset(key: string): void {
    this.#current.delete(key);
    this.#previous.delete(key);
  }

  /** Drops every key and stops the rotation timer. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#current.clear();
    this.#previous.clear();
  }

  #grow(periodMs: number, nowMs: number): void {
    this.#periodMs = periodMs;
    if (Number.isNaN(this.#rotatedAt)) this.#rotatedAt = nowMs;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#rotateIfDue(), Math.min(periodMs, 2 ** 31 - 1));
    unrefTimer(this.#timer);
  }

  #rotateIfDue(): void {
    const nowMs = this.#now();
    if (nowMs - this.#rotatedAt >= this.#periodMs) this.#rotate(nowMs);
  }

  /**
   * A key written after the last rotation stays in `current` until the next one (at least a period
   * later), then in `previous` for at least another period: by then its bucket is full again.
   */
  #rotate(nowMs: number): void {
    if (nowMs - this.#rotatedAt >= 2 * this.#periodMs) {
      this.#current = new Map();
      this.#previous = new Map();
    } else {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#rotatedAt = nowMs;
  }
}
