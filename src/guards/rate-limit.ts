import { ServiceUnavailableError, TooManyRequestsError } from '../index.js';
import { type ClientKeyOptions, clientKey } from './client-key.js';
import { type GcraOutcome, type GcraPolicy, gcraPolicy } from './gcra.js';
import { MemoryStore } from './memory-store.js';
import { invalidOption, optionalFunction, positiveNumber, resolveLogger } from './options.js';
import {
  RATE_LIMIT_HEADER_FORMATS,
  type RateLimitHeaderFormat,
  rateLimitHeaders,
} from './rate-limit-headers.js';
import type { RateLimitStore } from './store.js';
import { StoreBreaker, StoreTimeoutError } from './store-breaker.js';
import { StoreDeadlines } from './store-deadlines.js';
import type { Guard, GuardLogger, GuardRequest, GuardResult } from './types.js';

/**
 * Options for {@link rateLimit}.
 *
 * @example
 * rateLimit({ limit: 60, windowMs: 60_000, trustProxy: 1, headers: 'draft-10', storeTimeoutMs: 50 })
 */
export interface RateLimitOptions extends ClientKeyOptions {
  /** Requests allowed per window (also the largest burst). Required. */
  limit: number;
  /** The window in milliseconds: `limit` requests per `windowMs`. Default 60,000 (one minute). */
  windowMs?: number;
  /** Policy name: the Structured Field string in draft-10 headers and the key namespace. Default `default`. */
  name?: string;
  /** The client key. Default: the client's IP address (see `trustProxy`, `ipv6Subnet`). */
  key?: (request: GuardRequest) => string;
  /** Requests to leave alone (no headers, no count), e.g. `(req) => req.method === 'GET'`. */
  skip?: (request: GuardRequest) => boolean;
  /** Header fields to send. Default `'draft-10'`. */
  headers?: RateLimitHeaderFormat;
  /** Where the counts live. Default: a new {@link MemoryStore} (one per limiter). */
  store?: RateLimitStore;
  /** Answer 503 (instead of letting requests through) while the store fails. Default false. */
  failClosed?: boolean;
  /** How long to wait for an asynchronous store before treating it as failed. Default 50 ms. */
  storeTimeoutMs?: number;
  /** After a store failure, how long to skip it before one request probes it again. Default 1,000 ms. */
  storeCooldownMs?: number;
  /** The 429 message. Default `Too many requests`. */
  message?: string;
  /** Where store outages are reported (once per outage, once on recovery). Default `console`. */
  logger?: GuardLogger | false;
  /** The clock in milliseconds, for tests. Default `Date.now`; also handed to the default store. */
  now?: () => number;
}

/**
 * A rate-limit guard, plus what tests and admin endpoints need.
 *
 * @example
 * const limiter = rateLimit({ limit: 60 });
 * limiter.reset('203.0.113.7');
 */
export interface RateLimiter extends Guard {
  /** The policy in force. */
  readonly policy: GcraPolicy;
  /** True when clients are told apart by the peer address (no `key`, no `trustProxy`). */
  readonly needsClientAddress: boolean;
  /** Forgets one client key (as the key function returns it). */
  reset(key: string): void | Promise<void>;
  /** Closes the store if the limiter made it (the default memory store). */
  close(): void | Promise<void>;
}

const WHERE = 'rateLimit';
const NAME = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/**
 * Limits each client to `limit` requests per `windowMs` with GCRA: the store keeps one
 * timestamp per client (the theoretical arrival time), a full bucket allows a burst of `limit`,
 * and one request is earned back every `windowMs / limit`, so there is no window edge at which a
 * client gets twice its quota. Over the limit the decision carries a `TooManyRequestsError` with
 * `Retry-After` (whole seconds, at least 1) and the RateLimit header fields.
 *
 * A store that fails or is slower than `storeTimeoutMs` lets requests through (or answers 503
 * with `failClosed`), and is skipped for `storeCooldownMs` before one request tries it again.
 * With the default memory store, `check` is synchronous.
 *
 * @example
 * const limiter = rateLimit({ limit: 60, windowMs: 60_000, skip: (req) => req.method === 'GET' });
 * app.post('/notes', sk.guard(limiter), handler); // 429 with Retry-After once a client is past 60
 * // by hand: limiter.check({ method, path, ip, header }) → { headers?, error? }, sync with the memory store
 */
export function rateLimit(options: RateLimitOptions): RateLimiter {
  if (typeof options !== 'object' || options === null) {
    invalidOption(WHERE, 'options', options, 'pass e.g. rateLimit({ limit: 60, windowMs: 60_000 }).');
  }
  const { limit } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    invalidOption(
      WHERE,
      'limit',
      limit,
      'pass a whole number of requests of at least 1, e.g. { limit: 60 }.',
    );
  }
  const windowMs = positiveNumber(
    WHERE,
    'windowMs',
    options.windowMs,
    60_000,
    'pass milliseconds, e.g. 60_000.',
  );
  if (!Number.isSafeInteger(windowMs)) {
    invalidOption(WHERE, 'windowMs', windowMs, 'pass a whole number of milliseconds, e.g. 60_000.');
  }
  const name = options.name ?? 'default';
  if (typeof name !== 'string' || !NAME.test(name)) {
    invalidOption(WHERE, 'name', name, 'use 1–64 printable ASCII characters without quotes or backslashes.');
  }
  const format = options.headers ?? 'draft-10';
  if (!RATE_LIMIT_HEADER_FORMATS.includes(format)) {
    invalidOption(
      WHERE,
      'headers',
      format,
      "use 'draft-10' (default), 'draft-7', 'draft-6', 'legacy' or false.",
    );
  }
  const storeTimeoutMs = positiveNumber(
    WHERE,
    'storeTimeoutMs',
    options.storeTimeoutMs,
    50,
    'pass milliseconds, e.g. 50.',
  );
  const cooldownMs = positiveNumber(
    WHERE,
    'storeCooldownMs',
    options.storeCooldownMs,
    1000,
    'pass milliseconds.',
  );
  const now =
    optionalFunction(WHERE, 'now', options.now, 'pass a function returning milliseconds.') ?? Date.now;
  const customKey = optionalFunction(WHERE, 'key', options.key, 'pass (request) => string.');
  const key =
    customKey ??
    clientKey({
      ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
      ...(options.ipv6Subnet !== undefined && { ipv6Subnet: options.ipv6Subnet }),
    });
  const skip = optionalFunction(WHERE, 'skip', options.skip, 'pass (request) => boolean.');
  const ownStore = options.store === undefined;
  const store = options.store ?? new MemoryStore({ now });
  if (typeof store?.consume !== 'function') {
    invalidOption(
      WHERE,
      'store',
      '(no consume method)',
      'pass a MemoryStore, a RedisStore or an object with consume(key, policy).',
    );
  }
  const logger = resolveLogger(WHERE, options.logger);
  const message = options.message;
  const failClosed = options.failClosed === true;
  const policy = gcraPolicy(limit, windowMs);
  const headersFor = rateLimitHeaders(format, { name, limit, windowMs });
  const needsNow = format === 'legacy';
  const breaker = new StoreBreaker(cooldownMs, logger, 'rate-limit');
  const deadlines = new StoreDeadlines(storeTimeoutMs);
  const prefix = `${name}:`;
  let keyFailureLogged = false;
  const byAddress = customKey === undefined;
  let unknownLogged = false;

  function decide(outcome: GcraOutcome): GuardResult {
    const headers = headersFor?.(outcome, needsNow ? now() : 0);
    if (outcome.allowed) return headers ? { headers } : undefined;
    const error = new TooManyRequestsError(message, {
      retryAfter: outcome.retryAfterMs / 1000,
      ...(headers && { headers }),
    });
    return headers ? { headers, error } : { error };
  }

  function unavailable(): GuardResult {
    if (!failClosed) return undefined;
    const error = new ServiceUnavailableError(undefined, {
      retryAfter: breaker.waitMs(now()) / 1000,
      captureStack: false,
      log: false,
    });
    return { error };
  }

  return {
    name: WHERE,
    policy,
    needsClientAddress: byAddress && !options.trustProxy,
    statuses: failClosed ? [429, 503] : [429],
    check(request: GuardRequest): GuardResult | Promise<GuardResult> {
      if (skip?.(request)) return undefined;
      let id: string;
      try {
        id = prefix + String(key(request));
      } catch (error) {
        if (!keyFailureLogged)
          logger?.error(error, 'statuskit: rateLimit key function threw; request not counted');
        keyFailureLogged = true;
        return undefined;
      }
      if (byAddress && !unknownLogged && request.ip === undefined && id === `${prefix}unknown`) {
        unknownLogged = true;
        const text =
          'statuskit: rateLimit got a request without a client address; every such request shares one bucket. Pass key, or trustProxy behind a proxy.';
        if (logger?.warn) logger.warn(text);
        else logger?.error(new Error(text), text);
      }
      const ticket = breaker.admit(now);
      if (ticket === -1) return unavailable();
      let result: GcraOutcome | PromiseLike<GcraOutcome>;
      try {
        result = store.consume(id, policy);
      } catch (error) {
        breaker.failed(ticket, error, now());
        return unavailable();
      }
      if (typeof (result as PromiseLike<GcraOutcome>)?.then !== 'function') {
        if (breaker.down) breaker.succeeded(ticket);
        return decide(result as GcraOutcome);
      }
      // One Promise per check; the store timeout shares the limiter's timer (store-deadlines.ts).
      const pending = result as PromiseLike<GcraOutcome>;
      return new Promise<GuardResult>((resolve, reject) => {
        const fail = (error: unknown) => {
          try {
            breaker.failed(ticket, error, now());
            resolve(unavailable());
          } catch (thrown) {
            reject(thrown);
          }
        };
        const call = deadlines.add(() => fail(new StoreTimeoutError(storeTimeoutMs)));
        pending.then(
          (outcome) => {
            if (!call.settle()) return;
            try {
              breaker.succeeded(ticket);
              resolve(decide(outcome));
            } catch (thrown) {
              reject(thrown);
            }
          },
          (error: unknown) => {
            if (call.settle()) fail(error);
          },
        );
      });
    },
    reset(clientKeyValue: string) {
      return store.reset?.(prefix + clientKeyValue);
    },
    close() {
      if (ownStore) return store.close?.();
    },
  };
}
