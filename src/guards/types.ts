import type { HttpError } from '../index.js';

/**
 * What a guard needs to know about a request, whatever framework received it. The adapters build
 * one per request; to call a guard by hand, write it as an object.
 *
 * @example
 * const view: GuardRequest = {
 *   method: 'POST', path: '/notes', ip: '203.0.113.7',
 *   header: (name) => undefined,
 * };
 */
export interface GuardRequest {
  /** The request method in upper case, e.g. `GET`. */
  readonly method: string;
  /** The path without the query string, e.g. `/notes/1`. */
  readonly path: string;
  /** The peer address of the socket (not `X-Forwarded-For`); `undefined` when unknown. */
  readonly ip: string | undefined;
  /** One request header by lower-case name; repeated headers joined with `, `. */
  header(name: string): string | undefined;
}

/**
 * What a guard decided. `headers` go on the response whatever happens next (e.g. the RateLimit
 * fields). When `error` is set the request must not reach the handler: answer with the error
 * (through the error responder). `error.headers` already includes `headers` and `Retry-After`, so
 * an adapter whose error path drops earlier headers still sends them.
 *
 * @example
 * const decision: GuardDecision = { headers: { ratelimit: '"default";r=4;t=60' } };
 */
export interface GuardDecision {
  /** Lower-case header names and values to set on the response. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Answer with this error instead of running the handler (429, 503). */
  readonly error?: HttpError;
}

/**
 * A guard's answer: a decision, `undefined` for "nothing to say", sync or as a native Promise.
 *
 * @example
 * const result: GuardResult | Promise<GuardResult> = guard.check(view);
 */
export type GuardResult = GuardDecision | undefined;

/**
 * A framework-free request check. `check` returns synchronously whenever it can (the memory rate
 * limiter, load shedding and maintenance never allocate a Promise); when it returns a Promise it
 * is a native one that never rejects.
 *
 * @example
 * const guard: Guard = { name: 'deny-all', check: () => ({ error: new ForbiddenError() }) };
 */
export interface Guard {
  /** A short name for logs and debugging, e.g. `rateLimit`. */
  readonly name: string;
  /** Decides about one request. Never throws or rejects. */
  check(request: GuardRequest): GuardResult | Promise<GuardResult>;
  /**
   * True when the guard tells clients apart by {@link GuardRequest.ip}, the peer address (a
   * `rateLimit` without its own `key` and without `trustProxy`). An adapter that cannot find the
   * peer address on the runtime it runs on refuses such a guard at setup
   * (`requireClientAddress`), instead of counting every client in one bucket.
   */
  readonly needsClientAddress?: boolean;
  /**
   * The error statuses the guard may answer with (`rateLimit` `[429]`, or `[429, 503]` with
   * `failClosed`; `maintenance` and `loadShedding` `[503]`; `combineGuards` the union of what its
   * members declare), for documents that list a route's
   * answers, such as statuskit/fastify's `openapiTransform()`. A guard without it says nothing.
   */
  readonly statuses?: readonly number[];
  /** Stops timers and releases resources. Safe to call twice. */
  close?(): void | Promise<void>;
}

/**
 * Where guards report trouble (a failing store, its recovery). `console` and pino fit. Recovery
 * goes to `info` when the logger has one, else `warn`, else `error`.
 *
 * @example
 * const logger: GuardLogger = console;
 */
export interface GuardLogger {
  error(error: unknown, message?: string): void;
  warn?(message: string): void;
  info?(message: string): void;
}
