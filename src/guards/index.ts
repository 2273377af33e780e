/**
 * statuskit guards: the machinery behind 429, 503, 502, 504, 304 and 412, framework-free.
 *
 * Every guard (`rateLimit`, `loadShedding`, `maintenance`, or several joined with `combineGuards`)
 * has one method, `check(request)`, that takes a {@link GuardRequest} view
 * (`{ method, path, ip, header(name) }`) and returns a {@link GuardDecision}, `undefined`, or a
 * native Promise of either. It never throws and its Promise never rejects. A Promise is returned
 * only when a store is asynchronous (Redis): memory rate limiting, load shedding and maintenance
 * answer synchronously. The adapters (`statuskit/express`, `/fastify`, `/hono`, `/koa`, `/node`,
 * `/nestjs`) build the view and apply the decision; a guard is handed to them, app-wide in the
 * `guards` option or per route.
 *
 * ```ts
 * import { rateLimit } from 'statuskit/guards';
 * import { statuskit } from 'statuskit/express';
 *
 * const sk = statuskit();
 * app.post('/notes', sk.guard(rateLimit({ limit: 60 })), handler); // 429 with Retry-After past it
 * ```
 *
 * Around handlers: `startDeadline(ms, onExpire)` (503 when the app is too slow; discard the late
 * response), `upstream(url, { timeoutMs })` (504 / 502 / pass-through 503 and 429), and for ETags
 * `etag(body)` plus `evaluatePreconditions({ method, ifMatch, ifNoneMatch }, currentEtag)` → 304 | 412.
 * Bad options throw `StatuskitConfigError` (`ERR_STATUSKIT_INVALID_OPTION`) at construction.
 *
 * Left out on purpose: what only the adapters need to run guards (building a {@link GuardRequest}
 * from a Node request, resolving the shared options, the ETag of an envelope, the store deadline's
 * error). Each adapter exports its own options type. The
 * GCRA functions and types are exported for a custom {@link RateLimitStore} (its `consume` takes a
 * policy and returns an outcome, as `MemoryStore` does with `gcraStep`), and `LoopClock` because
 * `loadShedding`'s `clock` option (for tests) takes one.
 *
 * @module
 */
export type { EtagMode, GuardOptions } from './adapter-options.js';
export { type ClientKeyOptions, clientKey } from './client-key.js';
export { combineGuards } from './combine.js';
export { type EtagOptions, etag, evaluatePreconditions, type Preconditions } from './conditional.js';
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
  type RateLimitHeaderFormat,
  type RateLimitHeaderInput,
  rateLimitHeaders,
} from './rate-limit-headers.js';
export { RedisStore, type RedisStoreOptions, type SendCommand } from './redis-store.js';
export type { RateLimitStore } from './store.js';
export type { Guard, GuardDecision, GuardLogger, GuardRequest, GuardResult } from './types.js';
export { type UpstreamInit, upstream, upstreamJson } from './upstream.js';
