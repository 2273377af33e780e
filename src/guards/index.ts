/**
 * statuskit guards: the machinery behind 429, 503, 502, 504, 304 and 412, framework-free.
 *
 * ## How an adapter calls a guard
 *
 * Every guard (`rateLimit`, `loadShedding`, `maintenance`, or several joined with `combineGuards`)
 * has one method, `check(request)`, that takes a {@link GuardRequest} view
 * (`{ method, path, ip, header(name) }`; `nodeGuardRequest(req)` builds it from any `node:http`
 * request) and returns a {@link GuardDecision}, `undefined`, or a native Promise of either.
 * It never throws and its Promise never rejects. A Promise is returned only when a store is
 * asynchronous (Redis): memory rate limiting, load shedding and maintenance answer synchronously.
 *
 * ```ts
 * const result = guard.check(nodeGuardRequest(req));
 * const apply = (d: GuardResult) => {
 *   if (d?.headers) for (const [k, v] of Object.entries(d.headers)) res.setHeader(k, v);
 *   return d?.error ? sendError(d.error) : next(); // error.headers already has headers + Retry-After
 * };
 * result instanceof Promise ? result.then(apply) : apply(result);
 * ```
 *
 * Around handlers: `startDeadline(ms, onExpire)` (503 when the app is too slow; discard the late
 * response), `upstream(url, { timeoutMs })` (504 / 502 / pass-through 503 and 429), and for ETags
 * `etag(body)` plus `evaluatePreconditions({ method, ifMatch, ifNoneMatch }, currentEtag)` → 304 | 412.
 * Bad options throw `StatuskitConfigError` (`ERR_STATUSKIT_INVALID_OPTION`) at construction.
 *
 * Every adapter takes the same {@link GuardOptions} (`guards`, `etag`, `deadlineMs`); adapters
 * resolve them with `resolveGuardOptions` (adapter-options.ts) and answer ETags, 304 and 412 with
 * `conditionalSuccess` / `checkPreconditions` / `etagForData` (conditional-response.ts).
 *
 * @module
 */
export type { AdapterOptions, EtagMode, GuardOptions } from './adapter-options.js';
export { type ClientKeyOptions, clientKey, normalizeIp } from './client-key.js';
export { combineGuards } from './combine.js';
export { type EtagOptions, etag, evaluatePreconditions, type Preconditions } from './conditional.js';
export { checkPreconditions, etagForData } from './conditional-response.js';
export { type Deadline, type DeadlineOptions, startDeadline } from './deadline.js';
export { type GcraOutcome, type GcraPolicy, gcraPolicy, gcraStep } from './gcra.js';
export {
  type LoadSample,
  type LoadShedder,
  type LoadSheddingOptions,
  loadShedding,
} from './load-shedding.js';
export {
  type MaintenanceOptions,
  type MaintenanceSettings,
  type MaintenanceSwitch,
  maintenance,
} from './maintenance.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export type { LoopClock } from './queue-delay.js';
export { type RateLimiter, type RateLimitOptions, rateLimit } from './rate-limit.js';
export {
  RATE_LIMIT_HEADER_FORMATS,
  type RateLimitHeaderFormat,
  type RateLimitHeaderInput,
  rateLimitHeaders,
} from './rate-limit-headers.js';
export { RedisStore, type RedisStoreOptions, type SendCommand } from './redis-store.js';
export { type NodeRequestLike, nodeGuardRequest } from './request.js';
export type { RateLimitStore } from './store.js';
export { StoreTimeoutError } from './store-breaker.js';
export type { Guard, GuardDecision, GuardLogger, GuardRequest, GuardResult } from './types.js';
export { type UpstreamInit, upstream, upstreamJson } from './upstream.js';
