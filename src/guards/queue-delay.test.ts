import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LoopClock, loopQueueProbe, queueDelayPolicy } from './queue-delay.js';

/** An event loop driven by hand: time passes busy or idle, and turns end when told. */
function fakeLoop() {
  let t = 1000;
  let idle = 0;
  let pending: (() => void)[] = [];
  const clock: LoopClock = {
    now: () => t,
    idleMs: () => idle,
    afterTurn: (callback) => {
      pending.push(callback);
    },
  };
  return {
    clock,
    /** The loop works for `ms`. */
    busy(ms: number) {
      t += ms;
    },
    /** The loop waits for I/O for `ms`. */
    idle(ms: number) {
      t += ms;
      idle += ms;
    },
    /** The current turn's callbacks are done. */
    endTurn() {
      const due = pending;
      pending = [];
      for (const callback of due) callback();
    },
  };
}

describe('loopQueueProbe', () => {
  it('counts the time since the turn began for every request of the turn', () => {
    const loop = fakeLoop();
    const probe = loopQueueProbe(loop.clock);
    loop.idle(50);
    assert.equal(probe.measure(), 0);
    assert.equal(probe.firstInTurn, true);
    loop.busy(2);
    assert.equal(probe.measure(), 2);
    assert.equal(probe.firstInTurn, false);
    loop.busy(2);
    assert.equal(probe.measure(), 4);
  });

  it('adds the previous turn when the loop went on without waiting for I/O', () => {
    const loop = fakeLoop();
    const probe = loopQueueProbe(loop.clock);
    loop.idle(10);
    probe.measure(); // turn 1 starts
    loop.busy(6);
    loop.endTurn();
    loop.busy(1); // timers, no I/O wait
    assert.equal(probe.measure(), 7, 'waiting since turn 1 began, at most');
    assert.equal(probe.firstInTurn, true);
    loop.busy(2);
    assert.equal(probe.measure(), 9);
  });

  it('counts nothing from before a wait for I/O: the queue was empty then', () => {
    const loop = fakeLoop();
    const probe = loopQueueProbe(loop.clock);
    loop.idle(10);
    probe.measure();
    loop.busy(6);
    loop.endTurn();
    loop.idle(0.5);
    assert.equal(probe.measure(), 0);
  });

  it('counts only the turn itself where the runtime does not report idle time', () => {
    const loop = fakeLoop();
    const probe = loopQueueProbe({ ...loop.clock, idleMs: () => Number.NaN });
    probe.measure();
    loop.busy(6);
    loop.endTurn();
    loop.busy(1);
    assert.equal(probe.measure(), 0);
    loop.busy(2);
    assert.equal(probe.measure(), 2);
  });
});

describe('queueDelayPolicy', () => {
  it('serves a burst shorter than the interval, however long the requests wait', () => {
    const policy = queueDelayPolicy(5, 50);
    for (let t = 0; t < 49; t += 7) assert.equal(policy.admit(30, t), true);
    assert.equal(policy.admit(1, 49), true, 'the queue emptied');
    for (let t = 50; t < 99; t += 7) assert.equal(policy.admit(30, t), true, 'a new burst starts afresh');
    assert.equal(policy.overloaded, false);
  });

  it('cuts a standing queue back to the target once it has lasted the interval', () => {
    const policy = queueDelayPolicy(5, 50);
    assert.equal(policy.admit(8, 0), true);
    assert.equal(policy.admit(20, 49), true);
    assert.equal(policy.admit(20, 50), false, 'above the target for a whole interval');
    assert.equal(policy.overloaded, true);
    assert.equal(policy.admit(5, 51), true, 'within the target');
    assert.equal(policy.admit(6, 52), false);
    assert.equal(policy.admit(60, 53, true), true, "a turn's first request always goes on");
  });

  it('ends the overload once no request has waited longer than the target for an interval', () => {
    const policy = queueDelayPolicy(5, 50);
    policy.admit(10, 0);
    policy.admit(10, 50);
    assert.equal(policy.overloaded, true);
    policy.admit(10, 60); // last one above the target
    assert.equal(policy.admit(1, 109), true);
    assert.equal(policy.overloaded, true, 'not yet a whole interval');
    assert.equal(policy.admit(1, 110), true);
    assert.equal(policy.overloaded, false);
    assert.equal(policy.admit(10, 111), true, 'a new queue gets its interval again');
  });
});
