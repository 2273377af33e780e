import type { ServerResponse } from 'node:http';
import type { Variant } from './prepared.js';
import type { RequestOptions } from './request-options.js';

/** The waits in flight: their timers (cancelled on close) and how many answers they hold open. */
export interface Waits {
  timers: Set<NodeJS.Timeout>;
  held: number;
}

/**
 * True when the options make the answer wait (and so hold a connection open).
 *
 * @example
 * waits({ ...options, sleep: 100 }) // true
 */
export function waits(o: RequestOptions): boolean {
  return o.sleep > 0 || o.sleepAfterHeaders > 0 || o.dribble !== undefined;
}

/**
 * Checks that the faults asked for fit the answer: `abort=mid-body` and `dribble` need body bytes,
 * and all waits together (`sleep`, `sleepAfterHeaders`, the dribble's steps) stay within
 * `maxSleepMs`. Returns the sentence naming the problem, or `undefined`.
 *
 * @example
 * checkFaults(options, variant, 'HEAD', 30_000) // 'dribble needs body bytes; HEAD sends none.'
 */
export function checkFaults(
  o: RequestOptions,
  v: Variant,
  method: string,
  maxSleepMs: number,
): string | undefined {
  const length = method === 'HEAD' ? 0 : (v.body?.length ?? 0);
  const shown = method === 'HEAD' ? 'HEAD' : `${v.status}`;
  if (length === 0 && o.abort === 'mid-body') return `abort=mid-body needs body bytes; ${shown} sends none.`;
  if (length === 0 && o.dribble) return `dribble needs body bytes; ${shown} sends none.`;
  const steps = o.dribble ? Math.ceil(length / o.dribble.bytes) - 1 : 0;
  const total = o.sleep + o.sleepAfterHeaders + steps * (o.dribble?.everyMs ?? 0);
  if (total > maxSleepMs)
    return `the waits add up to ${total} ms (sleep, sleepAfterHeaders and ${steps} dribble steps); the most is ${maxSleepMs} (--max-sleep).`;
  return undefined;
}

/**
 * Writes an answer with the faults a request asked for: sleep before the headers, abort before
 * them, sleep after them, abort after them, dribble the body, abort in the middle of it. An abort
 * ends the connection once what was written has gone out (a FIN: the client sees an empty reply or
 * a body shorter than its Content-Length). Every wait is a timer in `waits`, cleared when the
 * client goes away; `writeHead` writes the status line and headers.
 *
 * @example
 * deliver(res, variant, { ...options, sleep: 500, abort: 'mid-body' }, waits, () => res.writeHead(200, headers));
 */
export function deliver(
  res: ServerResponse,
  v: Variant,
  o: RequestOptions,
  w: Waits,
  writeHead: () => void,
): void {
  let pending: NodeJS.Timeout | undefined;
  const held = waits(o);
  if (held) {
    w.held++;
    res.once('close', () => {
      w.held--;
      if (pending !== undefined) {
        clearTimeout(pending);
        w.timers.delete(pending);
      }
    });
  }
  const later = (ms: number, next: () => void) => {
    if (ms === 0) return next();
    const timer = setTimeout(() => {
      w.timers.delete(timer);
      pending = undefined;
      if (!res.destroyed) next();
    }, ms);
    pending = timer;
    w.timers.add(timer);
  };
  const cut = () => res.socket?.destroySoon();
  const body = res.req.method === 'HEAD' || v.body === undefined ? Buffer.alloc(0) : v.body;
  const limit = o.abort === 'mid-body' ? Math.max(1, Math.floor(body.length / 2)) : body.length;
  const finish = (chunk: Buffer) => {
    if (o.abort === 'mid-body') res.write(chunk, cut);
    else res.end(chunk);
  };
  const dribble = (offset: number) => {
    const step = o.dribble?.bytes ?? limit;
    const end = Math.min(offset + step, limit);
    const chunk = body.subarray(offset, end);
    if (end >= limit) return finish(chunk);
    res.write(chunk);
    later(o.dribble?.everyMs ?? 0, () => dribble(end));
  };
  const afterHeaders = () => {
    if (o.abort === 'after-headers') return cut();
    if (limit === body.length && o.dribble === undefined) return res.end(v.body);
    dribble(0);
  };
  later(o.sleep, () => {
    if (o.abort === 'before-headers') return cut();
    writeHead();
    if (o.sleepAfterHeaders === 0 && o.abort === undefined && o.dribble === undefined) return res.end(v.body);
    res.flushHeaders();
    later(o.sleepAfterHeaders, afterHeaders);
  });
}
