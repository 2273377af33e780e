/**
 * The guard step of every adapter, written once: a guard decides on the request (src/guards), and
 * this applies the decision. Adapters only say how to set a header on their response.
 */
import { StatuskitConfigError } from '../../core/config-error.js';
import { isHeaderName, isSafeHeaderValue } from '../../core/headers.js';
import type { Guard, GuardRequest, GuardResult } from '../../guards/types.js';

/**
 * Runs a guard and applies its decision: every header goes through `set` on `target` (the
 * response; a function made once per adapter, so no closure per request), so it is on every
 * answer, errors included, and the error to answer with (429, 503…) is returned; `undefined` lets
 * the request go on. `set` throws for a header that cannot be written (not a token, CR, LF, NUL or
 * characters outside Latin-1; see {@link writableGuardHeader}): that is answered as a 500, never
 * written. Synchronous when the guard is; the Promise never rejects.
 *
 * @example
 * const refused = runGuardStep(limiter, nodeGuardRequest(req), res, (r, name, value) => r.setHeader(name, value));
 * const error = refused instanceof Promise ? await refused : refused;
 */
export function runGuardStep<T>(
  guard: Guard,
  request: GuardRequest,
  target: T,
  set: (target: T, name: string, value: string) => void,
): unknown | Promise<unknown> {
  const result = guard.check(request);
  if (result instanceof Promise) {
    return result.then(
      (decision) => applyDecision(decision, target, set),
      (error: unknown) => error,
    );
  }
  return applyDecision(result, target, set);
}

function applyDecision<T>(
  decision: GuardResult,
  target: T,
  set: (target: T, name: string, value: string) => void,
): unknown {
  const headers = decision?.headers;
  if (headers !== undefined) {
    try {
      for (const name in headers) set(target, name, headers[name]!);
    } catch (error) {
      return error;
    }
  }
  return decision?.error;
}

/**
 * Refuses a header that cannot be written, for a `set` whose framework checks nothing until it
 * writes the head (Fastify's `reply.header`); Node's `setHeader` and Web `Headers` refuse the same
 * headers themselves.
 *
 * @example
 * const set = (reply, name, value) => reply.header(name, writableGuardHeader(name, value));
 */
export function writableGuardHeader(name: string, value: string): string {
  if (!isHeaderName(name) || !isSafeHeaderValue(value)) throw unwritable(name);
  return value;
}

function unwritable(name: string): StatuskitConfigError {
  return new StatuskitConfigError(
    'ERR_STATUSKIT_UNSAFE_HEADER',
    `A guard's ${JSON.stringify(name)} header cannot be written, so the request was answered 500.`,
    'a guard must put only tokens and visible ASCII or Latin-1 text in its headers.',
  );
}
