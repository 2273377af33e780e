import type { GuardLogger } from './types.js';

/**
 * The error a store call gets when it does not answer within the store timeout.
 *
 * @example
 * logger.error(new StoreTimeoutError(50)) // 'rate-limit store did not answer within 50 ms'
 */
export class StoreTimeoutError extends Error {
  constructor(ms: number) {
    super(`rate-limit store did not answer within ${ms} ms`);
  }

  override get name(): string {
    return 'StoreTimeoutError';
  }
}

/**
 * @internal A circuit breaker around a rate-limit store. While the store works every call goes
 * through. After a failure (an error or a timeout) the store is skipped for `cooldownMs`; then one
 * call probes it, and its success closes the breaker again. The logger hears once when an outage
 * starts and once when it ends, however many requests fail in between. Calls are numbered by
 * generation so that a late answer from before a state change cannot reopen or close it.
 */
export class StoreBreaker {
  #down = false;
  #probing = false;
  #openUntil = 0;
  #generation = 0;
  readonly #cooldownMs: number;
  readonly #logger: GuardLogger | undefined;
  readonly #what: string;

  constructor(cooldownMs: number, logger: GuardLogger | undefined, what: string) {
    this.#cooldownMs = cooldownMs;
    this.#logger = logger;
    this.#what = what;
  }

  /** True while the store is considered down. */
  get down(): boolean {
    return this.#down;
  }

  /** A ticket for a call that may go to the store now, or -1 to skip the store. Reads the clock only while down. */
  admit(now: () => number): number {
    if (!this.#down) return this.#generation;
    if (this.#probing || now() < this.#openUntil) return -1;
    this.#probing = true;
    return this.#generation;
  }

  /** Milliseconds until the store is tried again (at least 0). */
  waitMs(nowMs: number): number {
    return Math.max(0, this.#openUntil - nowMs);
  }

  succeeded(ticket: number): void {
    if (!this.#down || ticket !== this.#generation || !this.#probing) return;
    this.#down = false;
    this.#probing = false;
    this.#generation++;
    const message = `statuskit: ${this.#what} store is answering again; rate limiting resumed`;
    const log = this.#logger;
    if (log?.info) log.info(message);
    else if (log?.warn) log.warn(message);
    else log?.error(new Error(message), message);
  }

  failed(ticket: number, error: unknown, nowMs: number): void {
    if (ticket !== this.#generation) return; // a straggler from before the last change
    this.#openUntil = nowMs + this.#cooldownMs;
    this.#probing = false;
    if (this.#down) return;
    this.#down = true;
    this.#generation++;
    this.#logger?.error(
      error,
      `statuskit: ${this.#what} store failed; skipping it for ${this.#cooldownMs} ms at a time until it answers`,
    );
  }
}
