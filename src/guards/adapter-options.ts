import type { StatuskitOptions } from '../index.js';
import { StatuskitConfigError } from '../index.js';
import { combineGuards } from './combine.js';
import { invalidOption } from './options.js';
import type { Guard } from './types.js';

/**
 * Whether the success helpers tag 200 answers to GET and HEAD: `false` (default), `'strong'`
 * (`"…"`, equal bytes) or `'weak'` (`W/"…"`, equal meaning; never satisfies `If-Match`).
 *
 * @example
 * const mode: EtagMode = 'strong';
 */
export type EtagMode = false | 'strong' | 'weak';

/**
 * The guard options every adapter takes (`statuskit/node`, `/express`, `/koa`, `/fastify`,
 * `/hono`), with the same names everywhere.
 *
 * @example
 * statuskit({ guards: [maintenanceSwitch, shedder], etag: 'strong', deadlineMs: 10_000 })
 */
export interface GuardOptions {
  /**
   * Guards run on every request before routing, in order (`combineGuards` semantics: the first
   * error answers, headers of every guard that ran are kept). Default: none.
   */
  guards?: readonly Guard[];
  /**
   * Tag 200 successes with a body on GET and HEAD with an `ETag` computed from the body, and answer
   * 304 (no body, same `ETag`) when `If-None-Match` matches it. Default `false`.
   */
  etag?: EtagMode;
  /**
   * Milliseconds a handler may take (counted once the body has been read). A handler still running
   * then is answered 503 with `Retry-After`; whatever it sends later is discarded. Default: none.
   */
  deadlineMs?: number;
}

/**
 * Everything an adapter's `statuskit(options)` (or `createApp(options)`) takes.
 *
 * @example
 * const options: AdapterOptions = { bodyLimit: 100_000, etag: 'weak' };
 */
export interface AdapterOptions extends StatuskitOptions, GuardOptions {}

/**
 * {@link GuardOptions} checked, with defaults applied.
 *
 * @example
 * const { guard, etag, deadline } = resolveGuardOptions({ etag: 'strong' });
 */
export interface ResolvedGuardOptions {
  /** The app-wide guards joined into one, or `undefined` when there are none. */
  guard: Guard | undefined;
  etag: EtagMode;
  /** The handler deadline and the `Retry-After` (seconds) of its 503, or `undefined` when off. */
  deadline: { ms: number; retryAfter: number } | undefined;
}

const ETAG_MODES: readonly unknown[] = [false, 'strong', 'weak'];

/**
 * Checks the guard options an adapter was given and applies the defaults; a bad value throws
 * `StatuskitConfigError` (`ERR_STATUSKIT_INVALID_OPTION`) when the app is built, not per request.
 * The deadline's 503 asks clients to retry after the deadline rounded up to whole seconds (≥ 1).
 *
 * @example
 * resolveGuardOptions({ deadlineMs: 2_500 }).deadline // { ms: 2500, retryAfter: 3 }
 */
export function resolveGuardOptions(options: GuardOptions = {}): ResolvedGuardOptions {
  const etag = options.etag ?? false;
  if (!ETAG_MODES.includes(etag)) {
    invalidOption('statuskit', 'etag', etag, "pass false (default), 'strong' or 'weak'.");
  }
  const { deadlineMs } = options;
  if (
    deadlineMs !== undefined &&
    (!Number.isSafeInteger(deadlineMs) || deadlineMs < 1 || deadlineMs > 2 ** 31 - 1)
  ) {
    invalidOption('statuskit', 'deadlineMs', deadlineMs, 'pass whole milliseconds, e.g. 10_000.');
  }
  const guards = options.guards ?? [];
  if (!Array.isArray(guards)) {
    invalidOption('statuskit', 'guards', guards, 'pass an array, e.g. [maintenance(), loadShedding()].');
  }
  return {
    guard: joinGuards('statuskit', 'guards', guards),
    etag,
    deadline:
      deadlineMs === undefined
        ? undefined
        : { ms: deadlineMs, retryAfter: Math.max(1, Math.ceil(deadlineMs / 1000)) },
  };
}

/**
 * Checks that every item is a guard (an object with `check`) and joins them with `combineGuards`;
 * `undefined` for an empty list. Adapters use it for app-wide guards and for their per-route
 * `guard(...guards)`.
 *
 * @example
 * joinGuards('guard', 'guards', [limiter]) // the limiter itself
 */
export function joinGuards(where: string, name: string, guards: readonly Guard[]): Guard | undefined {
  for (const g of guards) {
    if (typeof (g as Partial<Guard> | null)?.check !== 'function') {
      invalidOption(
        where,
        name,
        g === null || typeof g !== 'object' ? g : '(an object without check)',
        'pass guards such as rateLimit({ limit: 60 }), maintenance() or loadShedding().',
      );
    }
  }
  if (guards.length === 0) return undefined;
  return guards.length === 1 ? guards[0] : combineGuards(...guards);
}

/**
 * Refuses, at setup, a guard that tells clients apart by their address ({@link Guard.needsClientAddress},
 * e.g. `rateLimit` without `key` or `trustProxy`) where the adapter cannot find the peer address:
 * throws `StatuskitConfigError` (`ERR_STATUSKIT_NO_CLIENT_ADDRESS`). An adapter calls it with its
 * app-wide and per-route guards whenever it knows no way to the address on the runtime it runs on;
 * `runtime` names that runtime in the message.
 *
 * @example
 * if (findAddress === undefined) requireClientAddress(guards.guard, 'this runtime');
 */
export function requireClientAddress(guard: Guard | undefined, runtime: string): void {
  if (guard?.needsClientAddress !== true) return;
  throw new StatuskitConfigError(
    'ERR_STATUSKIT_NO_CLIENT_ADDRESS',
    `${guard.name}: clients are told apart by their address, which statuskit cannot find on ${runtime}, so every client would share one limit.`,
    'pass key: (req) => ... (e.g. an API key or the address your platform puts in a header), or trustProxy: 1 when a proxy that sets X-Forwarded-For is in front.',
  );
}
