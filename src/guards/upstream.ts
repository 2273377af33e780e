import {
  BadGatewayError,
  GatewayTimeoutError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from '../index.js';
import { invalidOption } from './options.js';

/**
 * `fetch` options plus a timeout.
 *
 * @example
 * upstream(url, { method: 'POST', body, timeoutMs: 2_000 })
 */
export interface UpstreamInit extends RequestInit {
  /** Milliseconds to wait (for the response head with `upstream`, the whole body with `upstreamJson`). Default 10,000. */
  timeoutMs?: number;
}

/**
 * Calls an upstream service with the global `fetch` and turns its failures into the statuses a
 * gateway owes its own client:
 * - no response head within `timeoutMs` → `GatewayTimeoutError` (504);
 * - connection refused or reset, DNS failure, or a response that is not valid HTTP → `BadGatewayError` (502);
 * - the upstream answers 503 or 429 → `ServiceUnavailableError` / `TooManyRequestsError` with the
 *   upstream's `Retry-After` (its body is discarded);
 * - any other response is returned as is. An abort from the caller's own `signal` is rethrown unchanged.
 *
 * @example
 * const res = await upstream('http://inventory.internal/items/1', { timeoutMs: 2_000 });
 * const item = await res.json();
 */
export async function upstream(input: string | URL | Request, init: UpstreamInit = {}): Promise<Response> {
  return exchange(input, init, async (response) => response);
}

/**
 * Like {@link upstream} for JSON APIs: the timeout also covers reading the body, and a body that is
 * not JSON (or a connection cut while reading it) is a `BadGatewayError` (502).
 *
 * @example
 * const { status, data } = await upstreamJson<{ id: string }>('http://users.internal/me', { timeoutMs: 1_000 });
 */
export async function upstreamJson<T = unknown>(
  input: string | URL | Request,
  init: UpstreamInit = {},
): Promise<{ status: number; headers: Headers; data: T }> {
  return exchange(input, init, async (response) => {
    const text = await response.text();
    try {
      return { status: response.status, headers: response.headers, data: JSON.parse(text) as T };
    } catch (error) {
      throw new BadGatewayError(undefined, { cause: error });
    }
  });
}

async function exchange<R>(
  input: string | URL | Request,
  init: UpstreamInit,
  read: (response: Response) => Promise<R>,
): Promise<R> {
  const { timeoutMs = 10_000, signal: callerSignal, ...rest } = init;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > 2 ** 31 - 1) {
    invalidOption('upstream', 'timeoutMs', timeoutMs, 'pass milliseconds, e.g. 2_000.');
  }
  callerSignal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`upstream did not answer within ${timeoutMs} ms`));
  }, timeoutMs);
  const forward = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', forward, { once: true });
  try {
    let response: Response;
    try {
      response = await fetch(input, { ...rest, signal: controller.signal });
    } catch (error) {
      throw mapFailure(error, timedOut, callerSignal);
    }
    if (response.status === 503 || response.status === 429) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      await response.body?.cancel().catch(() => {});
      const options = { ...(retryAfter !== undefined && { retryAfter }) };
      throw response.status === 503
        ? new ServiceUnavailableError(undefined, options)
        : new TooManyRequestsError(undefined, options);
    }
    try {
      return await read(response);
    } catch (error) {
      if (error instanceof BadGatewayError) throw error;
      throw mapFailure(error, timedOut, callerSignal);
    }
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', forward);
  }
}

function mapFailure(
  error: unknown,
  timedOut: boolean,
  callerSignal: AbortSignal | null | undefined,
): unknown {
  if (timedOut) return new GatewayTimeoutError(undefined, { cause: error });
  if (callerSignal?.aborted) return callerSignal.reason ?? error;
  // undici reports every network-level failure as TypeError('fetch failed' | 'terminated', { cause })
  if (error instanceof TypeError && error.cause !== undefined)
    return new BadGatewayError(undefined, { cause: error });
  return error;
}

/** `Retry-After` as seconds or a date, or undefined when absent or malformed. */
function parseRetryAfter(value: string | null): number | Date | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text);
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
