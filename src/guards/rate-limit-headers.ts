import type { GcraOutcome } from './gcra.js';

/**
 * Which rate-limit header fields to send:
 * - `'draft-10'` (default): `RateLimit-Policy: "default";q=100;w=60` and `RateLimit: "default";r=99;t=1`
 *   (draft-ietf-httpapi-ratelimit-headers-10, Structured Field lists);
 * - `'draft-7'`: `RateLimit-Policy: 100;w=60` and `RateLimit: limit=100, remaining=99, reset=1`;
 * - `'draft-6'`: `RateLimit-Policy`, `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`;
 * - `'legacy'`: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (Unix time in seconds);
 * - `false`: none (a 429 still carries `Retry-After`).
 *
 * @example
 * rateLimit({ limit: 100, headers: 'legacy' })
 */
export type RateLimitHeaderFormat = 'draft-10' | 'draft-7' | 'draft-6' | 'legacy' | false;

/**
 * The formats accepted by `rateLimit({ headers })`.
 *
 * @example
 * RATE_LIMIT_HEADER_FORMATS.includes('draft-7') // true
 */
export const RATE_LIMIT_HEADER_FORMATS: readonly RateLimitHeaderFormat[] = [
  'draft-10',
  'draft-7',
  'draft-6',
  'legacy',
  false,
];

/**
 * What the header fields describe.
 *
 * @example
 * rateLimitHeaders('draft-10', { name: 'writes', limit: 60, windowMs: 60_000 })
 */
export interface RateLimitHeaderInput {
  /** Policy name (draft-10 only), already valid as a Structured Field string. */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Builds a function that turns one outcome into the header fields of the chosen format
 * (lower-case names). Seconds are whole and rounded up. `t`/`reset` is the time until the full
 * quota is back; on a denial it is the time until the next request is allowed, the same value
 * as `Retry-After` (which must not point earlier than it).
 *
 * @example
 * const headersFor = rateLimitHeaders('draft-10', { name: 'default', limit: 5, windowMs: 1000 });
 * headersFor({ allowed: true, remaining: 4, resetMs: 200, retryAfterMs: 0 }, 0)
 * // { 'ratelimit-policy': '"default";q=5;w=1', ratelimit: '"default";r=4;t=1' }
 */
export function rateLimitHeaders(
  format: RateLimitHeaderFormat,
  input: RateLimitHeaderInput,
): ((outcome: GcraOutcome, nowMs: number) => Record<string, string>) | undefined {
  const { name, limit } = input;
  const w = Math.max(1, Math.ceil(input.windowMs / 1000));
  const seconds = (o: GcraOutcome) => Math.max(0, Math.ceil((o.allowed ? o.resetMs : o.retryAfterMs) / 1000));
  switch (format) {
    case 'draft-10': {
      const policy = `"${name}";q=${limit};w=${w}`;
      const prefix = `"${name}";r=`;
      return (o) => ({ 'ratelimit-policy': policy, ratelimit: `${prefix}${o.remaining};t=${seconds(o)}` });
    }
    case 'draft-7': {
      const policy = `${limit};w=${w}`;
      return (o) => ({
        'ratelimit-policy': policy,
        ratelimit: `limit=${limit}, remaining=${o.remaining}, reset=${seconds(o)}`,
      });
    }
    case 'draft-6': {
      const policy = `${limit};w=${w}`;
      const limitText = String(limit);
      return (o) => ({
        'ratelimit-policy': policy,
        'ratelimit-limit': limitText,
        'ratelimit-remaining': String(o.remaining),
        'ratelimit-reset': String(seconds(o)),
      });
    }
    case 'legacy': {
      const limitText = String(limit);
      return (o, nowMs) => ({
        'x-ratelimit-limit': limitText,
        'x-ratelimit-remaining': String(o.remaining),
        'x-ratelimit-reset': String(Math.ceil((nowMs + (o.allowed ? o.resetMs : o.retryAfterMs)) / 1000)),
      });
    }
    default:
      return undefined;
  }
}
