/**
 * What the queue-delay probe reads from the runtime. The default reads Node's event loop; tests
 * pass a fake one and drive it by hand.
 *
 * @example
 * let t = 0;
 * let turnEnd: (() => void) | undefined;
 * const clock: LoopClock = { now: () => t, idleMs: () => 0, afterTurn: (fn) => { turnEnd = fn; } };
 */
export interface LoopClock {
  /** Monotonic time in milliseconds (`performance.now()`). */
  now(): number;
  /**
   * Milliseconds the event loop has spent blocked waiting for I/O so far
   * (`performance.nodeTiming.idleTime`); `NaN` where the runtime does not say, and then only the
   * time within a turn is counted.
   */
  idleMs(): number;
  /** Calls `callback` once, when the callbacks of the current event-loop turn are done (`setImmediate`). */
  afterTurn(callback: () => void): void;
}

/**
 * @internal Node's event loop as a {@link LoopClock}.
 *
 * @example
 * const probe = loopQueueProbe(systemLoopClock);
 */
export const systemLoopClock: LoopClock = {
  now: () => performance.now(),
  idleMs: () => {
    const idle = (performance as { nodeTiming?: { idleTime?: unknown } }).nodeTiming?.idleTime;
    return typeof idle === 'number' ? idle : Number.NaN;
  },
  afterTurn:
    typeof setImmediate === 'function'
      ? (callback) => {
          setImmediate(callback);
        }
      : (callback) => {
          setTimeout(callback, 0);
        },
};

/** Idle time that shows the loop really blocked waiting for I/O (a poll that finds work adds none). */
const IDLE_EPSILON_MS = 0.05;

/**
 * @internal How long the request being handled now has waited to be handled, estimated from the
 * event loop alone (no finish callback, no timestamps from the socket). See {@link loopQueueProbe}.
 *
 * @example
 * const waited = probe.measure(); // ms, an upper bound
 */
export interface QueueProbe {
  /** The estimate for the request being checked now, in milliseconds. */
  measure(): number;
  /** True when the last measured request was the first one of its event-loop turn. */
  readonly firstInTurn: boolean;
}

/**
 * @internal Builds a {@link QueueProbe}. A request is read in an event-loop turn that began when
 * the loop's I/O poll returned; every request handled in that turn was already waiting then, so it
 * has waited at least the time since the turn's first request. If the loop went straight from the
 * previous turn to this one without blocking for I/O, the request arrived during that previous
 * turn, so it has waited at most the time since the previous turn's start as well: the estimate
 * counts that whole gap (an upper bound, so a standing queue is never underestimated). After the
 * loop has blocked for I/O the gap counts nothing: the queue was empty (and where the runtime
 * does not report idle time, the gap never counts).
 *
 * @example
 * const probe = loopQueueProbe();
 * server.on('request', () => console.log(probe.measure(), probe.firstInTurn));
 */
export function loopQueueProbe(clock: LoopClock = systemLoopClock): QueueProbe {
  let turnStart = clock.now();
  let carried = 0;
  let inTurn = false;
  let first = false;
  let idle = clock.idleMs();
  const endTurn = () => {
    inTurn = false;
  };
  return {
    get firstInTurn() {
      return first;
    },
    measure() {
      const now = clock.now();
      first = !inTurn;
      if (first) {
        inTurn = true;
        clock.afterTurn(endTurn);
        const idleNow = clock.idleMs();
        // Busy throughout (idle time known and unchanged): the gap since the last turn counts.
        carried = idleNow - idle <= IDLE_EPSILON_MS ? now - turnStart : 0;
        idle = idleNow;
        turnStart = now;
      }
      return now - turnStart + carried;
    },
  };
}

/**
 * @internal The queue-delay control law (after CoDel): short queues and bursts pass; a standing
 * queue is cut back to the target.
 *
 * - While not overloaded, every request is admitted. When requests keep waiting longer than
 *   `targetMs` for `intervalMs` without one waiting less, the process is overloaded.
 * - While overloaded, a request that has waited longer than `targetMs` is refused, so admitted
 *   requests wait at most about the target and refused ones cost next to nothing — except the
 *   first request of each event-loop turn (`first`), which always goes on: the loop then never
 *   sits idle after a turn of refusals, however long one request takes to serve. Once no request
 *   has waited longer than the target for `intervalMs`, the overload is over.
 *
 * @example
 * const go = policy.admit(waitedMs, performance.now(), firstInTurn);
 */
export interface QueueDelayPolicy {
  /** Whether a request that has waited `delayMs` by time `now` goes on. */
  admit(delayMs: number, now: number, first?: boolean): boolean;
  /** True while a standing queue is being cut back. */
  readonly overloaded: boolean;
}

/**
 * @internal Builds a {@link QueueDelayPolicy} with a target and an interval in milliseconds.
 *
 * @example
 * const policy = queueDelayPolicy(3, 20);
 * if (!policy.admit(probe.measure(), performance.now(), probe.firstInTurn)) refuse();
 */
export function queueDelayPolicy(targetMs: number, intervalMs: number): QueueDelayPolicy {
  let overloaded = false;
  let aboveSince = Number.NaN;
  let lastAbove = Number.NEGATIVE_INFINITY;
  return {
    get overloaded() {
      return overloaded;
    },
    admit(delayMs, now, first = false) {
      if (delayMs <= targetMs) {
        if (overloaded && now - lastAbove < intervalMs) return true;
        overloaded = false;
        aboveSince = Number.NaN;
        return true;
      }
      lastAbove = now;
      if (!overloaded) {
        if (Number.isNaN(aboveSince)) aboveSince = now;
        if (now - aboveSince < intervalMs) return true;
        overloaded = true;
      }
      return first;
    },
  };
}
