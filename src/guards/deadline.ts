import { ServiceUnavailableError } from '../index.js';
import { invalidOption } from './options.js';

/**
 * A running handler deadline: see {@link startDeadline}.
 *
 * @example
 * const deadline: Deadline = startDeadline(5_000, send503);
 * await upstream(url, { signal: deadline.signal });
 */
export interface Deadline {
  /** Aborted when the deadline passes: hand it to `fetch`, `upstream` or a database call to stop work. */
  readonly signal: AbortSignal;
  /** True once the deadline has passed. */
  readonly expired: boolean;
  /** Stops the timer once the handler has answered. Safe to call more than once. */
  cancel(): void;
}

/**
 * Options for {@link startDeadline}.
 *
 * @example
 * startDeadline(30_000, send503, { message: 'Report took too long', retryAfter: 60 })
 */
export interface DeadlineOptions {
  /** The 503 message. Default `Service unavailable`. */
  message?: string;
  /** `Retry-After` of the 503, in seconds. Default: none. */
  retryAfter?: number;
}

/**
 * Starts a handler deadline. If `cancel()` has not been called within `ms` milliseconds,
 * `onExpire` runs once with a `ServiceUnavailableError` (the app itself was too slow, so 503, not
 * 504) and `signal` aborts. The adapter answers with that error and must then discard whatever
 * the handler sends late (it checks `expired`, or its own "already answered" flag).
 *
 * @example
 * const deadline = startDeadline(5_000, (error) => sendError(res, error));
 * try { await handler(req, res, deadline.signal); } finally { deadline.cancel(); }
 * if (deadline.expired) return; // the 503 already went out: drop the late response
 */
export function startDeadline(
  ms: number,
  onExpire: (error: ServiceUnavailableError) => void,
  options: DeadlineOptions = {},
): Deadline {
  if (typeof ms !== 'number' || !(ms > 0) || ms > 2 ** 31 - 1) {
    invalidOption('startDeadline', 'ms', ms, 'pass milliseconds from 1 to 2147483647, e.g. 5_000.');
  }
  if (typeof onExpire !== 'function') {
    invalidOption('startDeadline', 'onExpire', onExpire, 'pass (error) => void that sends the 503.');
  }
  let expired = false;
  let controller: AbortController | undefined;
  let reason: ServiceUnavailableError | undefined;
  const timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    expired = true;
    reason = new ServiceUnavailableError(options.message, {
      captureStack: false,
      ...(options.message !== undefined && { expose: true }),
      ...(options.retryAfter !== undefined && { retryAfter: options.retryAfter }),
    });
    controller?.abort(reason);
    onExpire(reason);
  }, ms);
  return {
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (expired) controller.abort(reason);
      }
      return controller.signal;
    },
    get expired() {
      return expired;
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}
