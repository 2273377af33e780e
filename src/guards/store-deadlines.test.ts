import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreDeadlines } from './store-deadlines.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StoreDeadlines', () => {
  it('times out only the calls still pending at their deadline, in order', async () => {
    const deadlines = new StoreDeadlines(20);
    const timedOut: string[] = [];
    const a = deadlines.add(() => timedOut.push('a'));
    await sleep(5);
    const b = deadlines.add(() => timedOut.push('b'));
    deadlines.add(() => timedOut.push('c'));
    assert.equal(a.settle(), true);
    assert.equal(a.settle(), false, 'settles once');
    await sleep(60);
    assert.deepEqual(timedOut, ['b', 'c']);
    assert.equal(b.settle(), false, 'a timed-out call cannot be settled');
  });

  it('keeps working after the queue drains, and re-arms for later calls', async () => {
    const deadlines = new StoreDeadlines(10);
    let fired = 0;
    for (let i = 0; i < 3000; i++) deadlines.add(() => fired++).settle();
    await sleep(30);
    assert.equal(fired, 0);
    const started = performance.now();
    await new Promise<void>((resolve) => deadlines.add(resolve));
    const waited = performance.now() - started;
    assert.ok(waited >= 9 && waited < 500, `waited ${waited.toFixed(1)} ms`);
  });
});
