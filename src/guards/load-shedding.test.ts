import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GuardRequest, type LoopClock, loadShedding } from './index.js';

const view = (path = '/notes'): GuardRequest => ({
  method: 'GET',
  path,
  ip: '192.0.2.1',
  header: () => undefined,
});
const calm = { delayMs: 1, utilization: 0.2 };
const busy = { delayMs: 80, utilization: 0.99 }; // twice the 40 ms delay mark
const band = { delayMs: 35, utilization: 0.5 }; // between the low (32 ms) and high (40 ms) marks

/** An event loop driven by hand: busy or idle time, and the end of a turn. */
function fakeLoop() {
  let t = 0;
  let idle = 0;
  let pending: (() => void)[] = [];
  const clock: LoopClock = { now: () => t, idleMs: () => idle, afterTurn: (fn) => void pending.push(fn) };
  return {
    clock,
    busy(ms: number) {
      t += ms;
    },
    idle(ms: number) {
      t += ms;
      idle += ms;
    },
    endTurn() {
      const due = pending;
      pending = [];
      for (const fn of due) fn();
    },
  };
}

/**
 * Offers `perTurn` requests in each of `turns` back-to-back turns (the loop never waits for I/O),
 * each costing `workMs` when served and nothing when shed; returns how many were shed.
 */
function overload(
  shedder: ReturnType<typeof loadShedding>,
  loop: ReturnType<typeof fakeLoop>,
  turns: number,
  perTurn: number,
  workMs = 2,
) {
  let shed = 0;
  for (let turn = 0; turn < turns; turn++) {
    for (let i = 0; i < perTurn; i++) {
      if (shedder.check(view())?.error) shed++;
      else loop.busy(workMs);
    }
    loop.endTurn();
  }
  return shed;
}

describe('loadShedding', () => {
  it('sheds nothing while the process keeps up', () => {
    const shedder = loadShedding({ monitor: false, random: () => 0 });
    for (let i = 0; i < 10; i++) shedder.observe(calm);
    assert.equal(shedder.dropProbability, 0);
    assert.equal(shedder.check(view()), undefined);
  });

  it('raises the drop probability step by step above the high mark, up to the maximum', () => {
    const shedder = loadShedding({ monitor: false, increaseStep: 0.1, maxDropProbability: 0.9 });
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      shedder.observe(busy);
      seen.push(Number(shedder.dropProbability.toFixed(2)));
    }
    assert.deepEqual(seen, [0.2, 0.4, 0.6, 0.8, 0.9, 0.9, 0.9, 0.9]);
  });

  it('has hysteresis: rises only above the high mark, halves below the low mark, decays slowly between', () => {
    const shedder = loadShedding({ monitor: false });
    shedder.observe(busy);
    shedder.observe(busy);
    const peak = shedder.dropProbability;
    shedder.observe(band);
    assert.ok(shedder.dropProbability < peak, 'no rise inside the band');
    assert.ok(shedder.dropProbability > peak * 0.85, 'slow decay inside the band');
    const inBand = shedder.dropProbability;
    shedder.observe(calm);
    assert.equal(Number(shedder.dropProbability.toFixed(6)), Number((inBand / 2).toFixed(6)));
    for (let i = 0; i < 20; i++) shedder.observe(calm);
    assert.equal(shedder.dropProbability, 0, 'back to zero, not a lingering trickle');
  });

  it('reacts to utilisation as well as to delay', () => {
    const shedder = loadShedding({ monitor: false, maxUtilization: 0.9 });
    shedder.observe({ delayMs: 0, utilization: 0.99 });
    assert.ok(shedder.dropProbability > 0);
  });

  it('sheds in proportion to the probability, with 503 and Retry-After, never on exempt paths', () => {
    let n = 0;
    const shedder = loadShedding({
      monitor: false,
      exemptPaths: ['/health', '/internal/*'],
      exempt: (req) => req.method === 'OPTIONS',
      retryAfter: 2,
      random: () => (n++ % 100) / 100,
    });
    shedder.observe(busy);
    shedder.observe(busy); // p = 0.4
    let shed = 0;
    for (let i = 0; i < 100; i++) {
      const d = shedder.check(view());
      if (d?.error) {
        shed++;
        assert.equal(d.error.status, 503);
        assert.equal(d.error.headers['retry-after'], '2');
      }
    }
    assert.equal(shed, 40);
    for (let i = 0; i < 100; i++) {
      assert.equal(shedder.check(view('/health')), undefined);
      assert.equal(shedder.check(view('/internal/metrics')), undefined);
      assert.equal(shedder.check({ ...view(), method: 'OPTIONS' }), undefined);
    }
  });

  it('samples the real event loop per interval and notices a blocked loop; close() stops it', async () => {
    const shedder = loadShedding({ intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 60));
    const end = Date.now() + 150;
    while (Date.now() < end) {} // block the loop for 150 ms
    let peak = 0;
    for (let i = 0; i < 100 && peak === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
      peak = shedder.dropProbability;
    }
    assert.ok(shedder.lastSample !== undefined);
    assert.ok(peak > 0, `blocked loop noticed: ${JSON.stringify(shedder.lastSample)}`);
    shedder.close();
    shedder.close();
    const before = shedder.lastSample;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(shedder.lastSample, before, 'no sampling after close');
  });

  it('cuts a standing queue back to maxQueueDelayMs: queued requests wait, then the excess is refused', () => {
    const loop = fakeLoop();
    const shedder = loadShedding({
      monitor: false,
      clock: loop.clock,
      maxQueueDelayMs: 5,
      queueIntervalMs: 50,
      exemptPaths: ['/health'],
    });
    loop.idle(100);
    // Six requests per turn at 2 ms each: the queue stands, everything is served for 50 ms.
    assert.equal(overload(shedder, loop, 4, 6), 0);
    assert.equal(shedder.overloaded, false);
    assert.ok(shedder.queueDelayMs > 5);
    const shed = overload(shedder, loop, 20, 6);
    assert.equal(shedder.overloaded, true);
    assert.ok(shed > 20 * 3, `most of the excess refused (${shed} of 120)`);
    assert.equal(shedder.check(view()), undefined, "a turn's first request goes on");
    loop.busy(6);
    const decision = shedder.check(view());
    assert.equal(decision?.error?.status, 503);
    assert.equal(decision?.error?.headers['retry-after'], '1');
    assert.equal(shedder.check(view('/health')), undefined);
  });

  it('serves every request once the load falls, after an interval without a standing queue', () => {
    const loop = fakeLoop();
    const shedder = loadShedding({ monitor: false, clock: loop.clock, queueIntervalMs: 50 });
    overload(shedder, loop, 30, 6);
    assert.equal(shedder.overloaded, true);
    let shed = 0;
    for (let i = 0; i < 40; i++) {
      loop.idle(3);
      if (shedder.check(view())?.error) shed++;
      loop.busy(2);
      loop.endTurn();
    }
    assert.equal(shed, 0);
    assert.equal(shedder.overloaded, false);
  });

  it('never refuses the first request of a turn, so a slow endpoint keeps its loop busy', () => {
    const loop = fakeLoop();
    const shedder = loadShedding({ monitor: false, clock: loop.clock });
    let served = 0;
    for (let turn = 0; turn < 50; turn++) {
      for (let i = 0; i < 4; i++) {
        if (shedder.check(view())?.error) continue;
        served++;
        loop.busy(20); // each request takes four times the target
      }
      loop.endTurn();
    }
    assert.equal(shedder.overloaded, true);
    assert.ok(served >= 50, `one per turn at least (${served})`);
  });

  it('leaves the queue alone with maxQueueDelayMs: false', () => {
    const loop = fakeLoop();
    const shedder = loadShedding({ monitor: false, clock: loop.clock, maxQueueDelayMs: false });
    assert.equal(overload(shedder, loop, 40, 6), 0);
    assert.equal(shedder.overloaded, false);
  });

  it('ignores utilisation unless maxUtilization is set', () => {
    const shedder = loadShedding({ monitor: false });
    for (let i = 0; i < 5; i++) shedder.observe({ delayMs: 0, utilization: 1 });
    assert.equal(shedder.dropProbability, 0);
  });

  it('rejects bad options', () => {
    assert.throws(() => loadShedding({ maxQueueDelayMs: 0 }), /maxQueueDelayMs/);
    assert.throws(() => loadShedding({ queueIntervalMs: -1 }), /queueIntervalMs/);
    assert.throws(() => loadShedding({ maxUtilization: 1.5 }), /ERR|maxUtilization/);
    assert.throws(() => loadShedding({ lowRatio: 1 }), /lowRatio/);
    assert.throws(() => loadShedding({ exemptPaths: ['health'] }), /exemptPaths/);
  });
});
