/**
 * The guard step of every adapter, written once: a guard decides on the request (src/guards), and
 * this applies the decision. Adapters only say how to set a header on their response.
 */
import { StatuskitConfigError } from '../../core/config-error.js';
import { isHeaderName, isSafeHeaderValue } from '../../core/headers.js';
import type { Guard, GuardRequest, GuardResult } from '../../guards/types.js';

/**
 * Runs a guard and applies its decision: every header goes through `set` (so it is on every
 * answer, errors included), and the error to answer with (429, 503…) is returned; `undefined` lets
 * the request go on. A header that cannot be written (not a token, CR, LF, NUL or characters
 * outside Latin-1) sets nothing and is answered as a 500, never written. Synchronous when the
 * guard is; the Promise never rejects.
 *
 * @example
 * const refused = runGuardStep(limiter, nodeGuardRequest(req), (name, value) => res.setHeader(name, value));
 * const error = refused instanceof Promise ? await refused : refused;
 */
export function runGuardStep(
  guard: Guard,
  request: GuardRequest,
  set: (name: string, value: string) => void,
): unknown | Promise<unknown> {
  const result = guard.check(request);
  if (result instanceof Promise) {
    return result.then(
      (decision) => applyDecision(decision, set),
      (error: unknown) => error,
    );
  }
  return applyDecision(result, set);
}

function applyDecision(decision: GuardResult, set: (name: string, value: string) => void): unknown {
  const headers = decision?.headers;
  if (headers !== undefined) {
    for (const name in headers) {
      if (!isHeaderName(name) || !isSafeHeaderValue(headers[name])) return unwritable(name);
    }
    try {
      for (const name in headers) set(name, headers[name]!);
    } catch (error) {
      return error;
    }
  }
  return decision?.error;
}

function unwritable(name: string): StatuskitConfigError {
  return new StatuskitConfigError(
    'ERR_STATUSKIT_UNSAFE_HEADER',
    `A guard's ${JSON.stringify(name)} header cannot be written, so the request was answered 500.`,
    'a guard must put only tokens and visible ASCII or Latin-1 text in its headers.',
  );
}
