/**
 * A GCRA (generic cell rate algorithm) policy: `limit` requests per `windowMs`, as a bucket that
 * holds `limit` requests and refills one every `intervalUs` microseconds. Times are whole
 * microseconds so that every store (JavaScript or Lua) computes exactly the same thing.
 *
 * @example
 * const policy = gcraPolicy(100, 60_000); // { limit: 100, windowMs: 60000, intervalUs: 600000, capacityUs: 60000000 }
 */
export interface GcraPolicy {
  readonly limit: number;
  readonly windowMs: number;
  /** Microseconds for one request to be earned back: `windowMs * 1000 / limit`, rounded. */
  readonly intervalUs: number;
  /** `limit * intervalUs`: how far ahead of now the theoretical arrival time may run. */
  readonly capacityUs: number;
}

/**
 * The result of one GCRA step.
 *
 * @example
 * const outcome: GcraOutcome = { allowed: true, remaining: 4, resetMs: 200, retryAfterMs: 0 };
 */
export interface GcraOutcome {
  /** The request fits in the policy (and was counted). */
  readonly allowed: boolean;
  /** Requests that would still be allowed right now, after this one. */
  readonly remaining: number;
  /** Milliseconds until the whole quota is back (the bucket is full again). */
  readonly resetMs: number;
  /** When denied: milliseconds until one request is allowed again; 0 when allowed. */
  readonly retryAfterMs: number;
}

/**
 * Builds a {@link GcraPolicy}. The interval is rounded to a whole microsecond and the capacity is
 * exactly `limit` intervals, so a full bucket always allows exactly `limit` requests.
 *
 * @example
 * gcraPolicy(3, 1000).intervalUs // 333333
 */
export function gcraPolicy(limit: number, windowMs: number): GcraPolicy {
  const intervalUs = Math.max(1, Math.round((windowMs * 1000) / limit));
  return { limit, windowMs, intervalUs, capacityUs: intervalUs * limit };
}

/**
 * One GCRA step for one key. `tat` is the stored theoretical arrival time (µs; 0 when none) and
 * `now` the current time (µs). Returns the outcome and the new `tat` to store (unchanged when
 * the request is denied). The Redis store's Lua script is a line-by-line copy of this function.
 *
 * @example
 * const { outcome, tat } = gcraStep(policy, 0, Date.now() * 1000);
 */
export function gcraStep(
  policy: GcraPolicy,
  tat: number,
  now: number,
): { outcome: GcraOutcome; tat: number } {
  const { intervalUs, capacityUs } = policy;
  const start = Math.max(tat, now);
  const next = start + intervalUs;
  const ahead = next - now;
  if (ahead > capacityUs) {
    const behind = start - now;
    return {
      outcome: {
        allowed: false,
        remaining: 0,
        resetMs: behind / 1000,
        retryAfterMs: (ahead - capacityUs) / 1000,
      },
      tat: start,
    };
  }
  return {
    outcome: {
      allowed: true,
      remaining: Math.floor((capacityUs - ahead) / intervalUs),
      resetMs: ahead / 1000,
      retryAfterMs: 0,
    },
    tat: next,
  };
}
