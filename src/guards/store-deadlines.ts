/**
 * @internal The store timeouts of one limiter on a single timer. Every pending call has the same
 * timeout, so deadlines arrive in the order calls start: a FIFO queue, and one `setTimeout` for
 * the oldest unsettled call instead of a `setTimeout`/`clearTimeout` pair per call. Settled calls
 * are dropped from the front as new ones arrive, or when the timer fires; the timer is re-armed
 * only while calls are pending, so an idle limiter holds no timer (at most one more firing).
 *
 * @example
 * const deadlines = new StoreDeadlines(50);
 * const call = deadlines.add(() => fail(new StoreTimeoutError(50)));
 * promise.then((value) => { if (call.settle()) use(value); });
 */
export class StoreDeadlines {
  readonly #ms: number;
  #queue: PendingCall[] = [];
  #head = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /** Starts timing one call; `onTimeout` runs if the call is not settled within the timeout. */
  add(onTimeout: () => void): PendingCall {
    const queue = this.#queue;
    while (this.#head < queue.length && queue[this.#head]!.done) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > queue.length) {
      queue.splice(0, this.#head);
      this.#head = 0;
    }
    const call = new PendingCall(performance.now() + this.#ms, onTimeout);
    queue.push(call);
    if (this.#timer === undefined) this.#arm(this.#ms);
    return call;
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(1, Math.ceil(ms)));
  }

  #expire(): void {
    this.#timer = undefined;
    const queue = this.#queue;
    const now = performance.now();
    let head = this.#head;
    while (head < queue.length) {
      const call = queue[head]!;
      if (!call.done) {
        if (call.deadline > now) break;
        call.done = true;
        call.onTimeout();
      }
      head++;
    }
    if (head >= queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else {
      this.#head = head;
      this.#arm(queue[head]!.deadline - now);
    }
  }
}

/** @internal One call timed by {@link StoreDeadlines}. */
class PendingCall {
  done = false;
  readonly deadline: number;
  readonly onTimeout: () => void;

  constructor(deadline: number, onTimeout: () => void) {
    this.deadline = deadline;
    this.onTimeout = onTimeout;
  }

  /** Marks the call answered; false if it had already timed out (or was answered). */
  settle(): boolean {
    if (this.done) return false;
    this.done = true;
    return true;
  }
}
