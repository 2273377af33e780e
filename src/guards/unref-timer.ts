/**
 * @internal Lets the process exit while `timer` is pending: `timer.unref()` on Node and Bun,
 * `Deno.unrefTimer(id)` on Deno; nothing where timers are plain numbers and nothing keeps a
 * process alive (Cloudflare Workers, browsers).
 *
 * @example
 * unrefTimer(setInterval(sweep, 60_000));
 */
export function unrefTimer(timer: unknown): void {
  if (typeof (timer as { unref?: unknown })?.unref === 'function') {
    (timer as { unref(): void }).unref();
    return;
  }
  const deno = (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno;
  if (typeof timer === 'number' && typeof deno?.unrefTimer === 'function') deno.unrefTimer(timer);
}
