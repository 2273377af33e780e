import type { GcraOutcome, GcraPolicy } from './gcra.js';

/**
 * Where a rate limiter keeps one theoretical arrival time per key. Each method may answer
 * synchronously (the memory store does, so a check allocates no Promise) or with a Promise
 * (Redis). `consume` must be atomic per key: read, decide and write in one step.
 *
 * @example
 * const store: RateLimitStore = {
 *   consume: (key, policy) => ({ allowed: true, remaining: policy.limit - 1, resetMs: 0, retryAfterMs: 0 }),
 * };
 */
export interface RateLimitStore {
  /** Counts one request for `key` under `policy` if it fits, and says whether it did. */
  consume(key: string, policy: GcraPolicy): GcraOutcome | Promise<GcraOutcome>;
  /** Forgets `key`: its next request starts with a full quota. */
  reset?(key: string): void | Promise<void>;
  /** Releases timers or connections the store owns. */
  close?(): void | Promise<void>;
}
