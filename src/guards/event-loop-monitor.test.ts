import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startLoopMonitor } from './event-loop-monitor.js';
import type { LoadSample } from './load-shedding.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function block(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

/** Samples until one shows the 150 ms block, or 2 s pass. */
async function sampleAfterBlock(): Promise<LoadSample[]> {
  const samples: LoadSample[] = [];
  const stop = startLoopMonitor(20, (s) => samples.push(s));
  try {
    await sleep(60);
    block(150);
    const until = Date.now() + 2000;
    while (!samples.some((s) => s.delayMs >= 100) && Date.now() < until) await sleep(20);
  } finally {
    stop();
    stop(); // twice is safe
  }
  return samples;
}

describe('the event-loop monitor', () => {
  it('on Node: sees a blocked loop through monitorEventLoopDelay, with utilisation', async () => {
    const samples = await sampleAfterBlock();
    assert.ok(
      samples.some((s) => s.delayMs >= 100),
      `delays: ${samples.map((s) => s.delayMs.toFixed(0))}`,
    );
    assert.ok(
      samples.every((s) => Number.isFinite(s.utilization) && s.utilization >= 0 && s.utilization <= 1),
    );
  });

  it('where node:perf_hooks is missing (Workers) or its meters throw (Bun, Deno): timer lateness, utilisation off', async () => {
    const host = process as { getBuiltinModule?: unknown };
    const original = host.getBuiltinModule;
    for (const stand of [
      () => undefined,
      () => ({
        monitorEventLoopDelay() {
          throw new Error('ERR_METHOD_NOT_IMPLEMENTED');
        },
        performance: {},
      }),
    ]) {
      host.getBuiltinModule = stand;
      let samples: LoadSample[];
      try {
        samples = await sampleAfterBlock();
      } finally {
        host.getBuiltinModule = original;
      }
      assert.ok(
        samples.some((s) => s.delayMs >= 100),
        `lateness shows the block: ${samples.map((s) => s.delayMs.toFixed(0))}`,
      );
      assert.ok(
        samples.every((s) => Number.isNaN(s.utilization)),
        'no utilisation without a meter',
      );
    }
  });
});
