import { ServiceUnavailableError } from '../index.js';
import { startLoopMonitor } from './event-loop-monitor.js';
import { invalidOption, optionalFunction, pathMatcher, positiveNumber } from './options.js';
import { type LoopClock, loopQueueProbe, queueDelayPolicy, systemLoopClock } from './queue-delay.js';
import type { Guard, GuardDecision, GuardRequest, GuardResult } from './types.js';

/**
 * One interval's measurements of how busy the process is.
 *
 * @example
 * shedder.observe({ delayMs: 120, utilization: 0.99 })
 */
export interface LoadSample {
  /** Event-loop delay over the interval in milliseconds (99th percentile, or the sampler's own lateness). */
  delayMs: number;
  /** Event-loop utilisation over the interval, from 0 (idle) to 1 (never idle). */
  utilization: number;
}

/**
 * Options for {@link loadShedding}. The defaults work for most APIs; `exemptPaths` is the one to set.
 *
 * @example
 * loadShedding({ maxQueueDelayMs: 10, exemptPaths: ['/health'] })
 */
export interface LoadSheddingOptions {
  /**
   * Under sustained overload, a request that has waited longer than this for the event loop is
   * answered 503 at once, so the requests that are served wait about this long at most (the first
   * request of each event-loop turn is always served, so the loop never idles after refusals). `false`
   * turns the queue-delay rule off. Default 3 ms.
   */
  maxQueueDelayMs?: number | false;
  /**
   * How long requests must keep waiting longer than `maxQueueDelayMs` before shedding starts (short
   * bursts and GC pauses are served), and how long none may before it stops. Default 20 ms.
   */
  queueIntervalMs?: number;
  /** High mark for event-loop delay (sampled per interval; drives the drop probability). Default 40 ms. */
  maxEventLoopDelayMs?: number;
  /**
   * High mark for event-loop utilisation, above 0 and at most 1 (drives the drop probability).
   * Off by default: a loop that exactly keeps up is at 1 too, so utilisation alone cannot tell
   * saturation from overload; the queue delay can.
   */
  maxUtilization?: number;
  /** The low marks, as a fraction of the high marks. Default 0.8. */
  lowRatio?: number;
  /** How often to sample. Default 100 ms. */
  intervalMs?: number;
  /** How much the drop probability rises per interval above the high mark (times the overshoot). Default 0.1. */
  increaseStep?: number;
  /** The drop probability never goes above this. Default 0.95. */
  maxDropProbability?: number;
  /** `Retry-After` of a shed request, in seconds. Default 1. */
  retryAfter?: number;
  /** The 503 message. Default `Service unavailable`. */
  message?: string;
  /** Paths never shed (exact, or a prefix ending in `*`), e.g. `['/health']`. */
  exemptPaths?: readonly string[];
  /** Requests never shed, e.g. `(req) => req.path.startsWith('/internal/')`. */
  exempt?: (request: GuardRequest) => boolean;
  /** Sample the event loop on a timer. Default true; `false` leaves sampling to {@link LoadShedder.observe} (tests). */
  monitor?: boolean;
  /** Random numbers in [0, 1), for tests. Default `Math.random`. */
  random?: () => number;
  /** The event loop as the queue-delay rule sees it, for tests. Default: Node's own. */
  clock?: LoopClock;
}

/**
 * A load-shedding guard.
 *
 * @example
 * const shedder = loadShedding({ exemptPaths: ['/health'] });
 * shedder.dropProbability // 0 while the process keeps up
 */
export interface LoadShedder extends Guard {
  /** The probability that the next request is shed, from 0 to `maxDropProbability`. */
  readonly dropProbability: number;
  /** The last sample seen, if any. */
  readonly lastSample: LoadSample | undefined;
  /** How long the last checked request had waited for the event loop, in milliseconds (an upper bound). */
  readonly queueDelayMs: number;
  /** True while the queue-delay rule is cutting a standing queue back to `maxQueueDelayMs`. */
  readonly overloaded: boolean;
  /** Decides synchronously: never a Promise. */
  check(request: GuardRequest): GuardResult;
  /** Feeds one interval's sample (the timer does this when `monitor` is on). */
  observe(sample: LoadSample): void;
  /** Stops sampling. */
  close(): void;
}

const WHERE = 'loadShedding';
const FAST_DECAY = 0.5;
const SLOW_DECAY = 0.9;

/**
 * Sheds load with 503 + `Retry-After` when the process falls behind. Two signals, either of which
 * sheds:
 *
 * - **Queue delay** (the main one): how long each request has waited for the event loop before
 *   its check ran, estimated from the loop's own turns (no timestamps or finish callbacks needed).
 *   When requests keep waiting longer than `maxQueueDelayMs` for `queueIntervalMs`, every request
 *   that has waited longer than `maxQueueDelayMs` is refused until none has for `queueIntervalMs`.
 *   Refusing exactly the requests that waited too long keeps the queue short, so the requests
 *   served stay fast, and the process keeps doing as much useful work as it can.
 * - **Event-loop delay and utilisation** per interval (`monitorEventLoopDelay`, reset each interval,
 *   and `performance.eventLoopUtilization` since the last one) move a drop probability with
 *   hysteresis: it rises only while a measure is above its high mark, halves each interval while
 *   all are below their low marks, and decays slowly in between; each request is shed with that
 *   probability. Utilisation is off unless `maxUtilization` is set.
 *
 * Where the runtime has no `monitorEventLoopDelay` or `eventLoopUtilization` (Bun, Deno), the
 * delay is the sampling timer's own lateness and utilisation is off; the queue-delay rule works
 * wherever `performance.now()` advances while code runs. On Cloudflare Workers the clock stands
 * still while code runs and no timer may start at module scope, so neither signal sees anything
 * there: a Worker isolate does not queue requests the way one process does.
 *
 * A shed answer is one precomputed 503 without a stack that is not logged, so refusing costs far
 * less than serving. The sampling timer is `unref()`ed. Exempt paths (health checks) are never shed.
 *
 * @example
 * const shedder = loadShedding({ exemptPaths: ['/health'] });
 * const decision = shedder.check(view); // { error: ServiceUnavailableError } when shed
 * process.on('SIGTERM', () => shedder.close());
 */
export function loadShedding(options: LoadSheddingOptions = {}): LoadShedder {
  const maxDelay = positiveNumber(
    WHERE,
    'maxEventLoopDelayMs',
    options.maxEventLoopDelayMs,
    40,
    'pass milliseconds.',
  );
  const maxUtil = positiveNumber(
    WHERE,
    'maxUtilization',
    options.maxUtilization,
    Number.POSITIVE_INFINITY,
    'pass a fraction, e.g. 0.95.',
  );
  if (options.maxUtilization !== undefined && maxUtil > 1)
    invalidOption(WHERE, 'maxUtilization', maxUtil, 'pass a fraction above 0 and at most 1.');
  const maxQueueDelay =
    options.maxQueueDelayMs === false
      ? undefined
      : positiveNumber(
          WHERE,
          'maxQueueDelayMs',
          options.maxQueueDelayMs,
          3,
          'pass milliseconds, e.g. 3, or false to turn the rule off.',
        );
  const queueInterval = positiveNumber(
    WHERE,
    'queueIntervalMs',
    options.queueIntervalMs,
    20,
    'pass milliseconds, e.g. 20.',
  );
  const c = options.clock;
  if (
    c !== undefined &&
    (typeof c?.now !== 'function' || typeof c.idleMs !== 'function' || typeof c.afterTurn !== 'function')
  )
    invalidOption(WHERE, 'clock', options.clock, 'pass { now, idleMs, afterTurn }, or leave it out.');
  const clock = options.clock ?? systemLoopClock;
  const lowRatio = positiveNumber(
    WHERE,
    'lowRatio',
    options.lowRatio,
    0.8,
    'pass a fraction below 1, e.g. 0.8.',
  );
  if (lowRatio >= 1) invalidOption(WHERE, 'lowRatio', lowRatio, 'pass a fraction below 1, e.g. 0.8.');
  const intervalMs = positiveNumber(
    WHERE,
    'intervalMs',
    options.intervalMs,
    100,
    'pass milliseconds, e.g. 100.',
  );
  const step = positiveNumber(WHERE, 'increaseStep', options.increaseStep, 0.1, 'pass a fraction, e.g. 0.1.');
  const maxDrop = positiveNumber(
    WHERE,
    'maxDropProbability',
    options.maxDropProbability,
    0.95,
    'pass a fraction.',
  );
  if (maxDrop > 1) invalidOption(WHERE, 'maxDropProbability', maxDrop, 'pass a fraction at most 1.');
  const retryAfter = positiveNumber(WHERE, 'retryAfter', options.retryAfter, 1, 'pass seconds, e.g. 1.');
  const random =
    optionalFunction(WHERE, 'random', options.random, 'pass () => number in [0, 1).') ?? Math.random;
  const exempt = optionalFunction(WHERE, 'exempt', options.exempt, 'pass (request) => boolean.');
  const exemptPath = pathMatcher(WHERE, options.exemptPaths);
  const shed: GuardDecision = {
    error: new ServiceUnavailableError(options.message, {
      retryAfter,
      captureStack: false,
      log: false,
      ...(options.message !== undefined && { expose: true }),
    }),
  };

  let p = 0;
  let last: LoadSample | undefined;
  const queue = maxQueueDelay === undefined ? undefined : queueDelayPolicy(maxQueueDelay, queueInterval);
  const probe = loopQueueProbe(clock);
  let waited = 0;

  function observe(sample: LoadSample): void {
    last = sample;
    const delay = Number.isFinite(sample.delayMs) ? sample.delayMs : 0;
    const util = Number.isFinite(sample.utilization) ? sample.utilization : 0;
    const pressure = Math.max(delay / maxDelay, util / maxUtil);
    if (pressure >= 1) p = Math.min(maxDrop, p + step * Math.min(pressure, 4));
    else if (pressure < lowRatio) p *= FAST_DECAY;
    else p *= SLOW_DECAY;
    if (p < 0.005) p = 0;
  }

  const stop = options.monitor === false ? undefined : startLoopMonitor(intervalMs, observe);

  return {
    name: WHERE,
    statuses: [503],
    get dropProbability() {
      return p;
    },
    get lastSample() {
      return last;
    },
    get queueDelayMs() {
      return waited;
    },
    get overloaded() {
      return queue?.overloaded ?? false;
    },
    observe,
    check(request) {
      if (exemptPath(request.path) || exempt?.(request)) return undefined;
      if (queue) {
        waited = probe.measure();
        if (!queue.admit(waited, clock.now(), probe.firstInTurn)) return shed;
      }
      return p !== 0 && random() < p ? shed : undefined;
    },
    close() {
      stop?.();
    },
  };
}
