import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GuardRequest, loadShedding } from './index.js';

const view = (path = '/notes'): GuardRequest => ({
  method: 'GET',
  path,
  ip: '192.0.2.1',
  header: () => undefined,
});
const calm = { delayMs: 1, utilization: 0.2 };
const busy = { delayMs: 80, utilization: 0.99 }; // twice the 40 ms delay mark
const band = { delayMs: 35, utilization: 0.5 }; // between the low (32 ms) and high (40 ms) marks

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

  it('rejects bad options', () => {
    assert.throws(() => loadShedding({ maxUtilization: 1.5 }), /ERR|maxUtilization/);
    assert.throws(() => loadShedding({ lowRatio: 1 }), /lowRatio/);
    assert.throws(() => loadShedding({ exemptPaths: ['health'] }), /exemptPaths/);
  });
});
