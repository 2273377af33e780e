import type * as PerfHooks from 'node:perf_hooks';
import type { LoadSample } from './load-shedding.js';
import { unrefTimer } from './unref-timer.js';

/**
 * What the runtime offers for measuring its event loop: Node has both, Bun and Deno have neither
 * (or stubs that throw), Cloudflare Workers have no `node:perf_hooks` at all without `nodejs_compat`.
 */
interface LoopMeters {
  /** `monitorEventLoopDelay`'s histogram, enabled; undefined where the runtime has none. */
  histogram: PerfHooks.IntervalHistogram | undefined;
  /** `performance.eventLoopUtilization`; undefined where the runtime has none. */
  utilization: typeof PerfHooks.performance.eventLoopUtilization | undefined;
}

/** Looks the meters up (never imported, so the module loads everywhere); a stub that throws counts as absent. */
function loopMeters(resolution: number): LoopMeters {
  const host = globalThis as { process?: { getBuiltinModule?(id: string): unknown } };
  let hooks: typeof PerfHooks | undefined;
  try {
    hooks = host.process?.getBuiltinModule?.('node:perf_hooks') as typeof PerfHooks | undefined;
  } catch {
    hooks = undefined;
  }
  let histogram: PerfHooks.IntervalHistogram | undefined;
  try {
    histogram = hooks?.monitorEventLoopDelay({ resolution });
    histogram?.enable();
  } catch {
    histogram = undefined;
  }
  let utilization: LoopMeters['utilization'];
  try {
    const elu = hooks?.performance?.eventLoopUtilization?.bind(hooks.performance);
    if (elu !== undefined && typeof elu().idle === 'number') utilization = elu;
  } catch {
    utilization = undefined;
  }
  return { histogram, utilization };
}

/**
 * @internal Samples the event loop every `intervalMs` and returns a function that stops it.
 * Each sample's delay is the larger of the sampling timer's own lateness (any runtime with timers)
 * and the 99th percentile of `monitorEventLoopDelay` (where the runtime has it: Node); utilisation
 * comes from `performance.eventLoopUtilization` where there is one, else it is `NaN` (off). Where
 * no timer can be started (Cloudflare Workers' global scope) nothing is sampled and the returned
 * function does nothing: `loadShedding` then relies on its queue-delay rule alone.
 *
 * @example
 * const stop = startLoopMonitor(100, (sample) => console.log(sample.delayMs));
 */
export function startLoopMonitor(intervalMs: number, observe: (sample: LoadSample) => void): () => void {
  const resolution = Math.max(1, Math.min(10, Math.floor(intervalMs / 5)));
  const { histogram, utilization } = loopMeters(resolution);
  let elu = utilization?.();
  let at = performance.now();
  let timer: ReturnType<typeof setInterval>;
  try {
    timer = setInterval(() => {
      let util = Number.NaN;
      if (utilization !== undefined && elu !== undefined) {
        const nowElu = utilization();
        util = utilization(nowElu, elu).utilization;
        elu = nowElu;
      }
      const t = performance.now();
      const lateness = t - at - intervalMs;
      at = t;
      // the histogram records whole timer periods, so subtract the resolution to get the delay
      const p99 =
        histogram !== undefined && histogram.count > 0 ? histogram.percentile(99) / 1e6 - resolution : 0;
      histogram?.reset();
      observe({ delayMs: Math.max(0, p99, lateness), utilization: util });
    }, intervalMs);
  } catch {
    histogram?.disable();
    return () => {};
  }
  unrefTimer(timer);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    histogram?.disable();
  };
}
