import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHttpError } from '../index.js';
import { startDeadline } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startDeadline', () => {
  it('calls onExpire once with a 503 and aborts its signal when the handler is too slow', async () => {
    const seen: unknown[] = [];
    const deadline = startDeadline(20, (error) => seen.push(error));
    const signal = deadline.signal;
    assert.equal(deadline.expired, false);
    await sleep(60);
    assert.equal(seen.length, 1);
    assert.ok(isHttpError(seen[0]) && seen[0].status === 503);
    assert.equal(deadline.expired, true);
    assert.equal(signal.aborted, true);
    assert.equal(deadline.signal.reason, seen[0]);
    deadline.cancel();
  });

  it('does nothing once cancelled', async () => {
    let fired = false;
    const deadline = startDeadline(20, () => {
      fired = true;
    });
    deadline.cancel();
    deadline.cancel();
    await sleep(50);
    assert.equal(fired, false);
    assert.equal(deadline.expired, false);
    assert.equal(deadline.signal.aborted, false);
  });

  it('hands the signal to work that then stops', async () => {
    const deadline = startDeadline(20, () => {}, {
      message: 'Report generation took too long',
      retryAfter: 5,
    });
    const work = new Promise((_, reject) =>
      deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason)),
    );
    await assert.rejects(work, (e: unknown) => {
      assert.ok(isHttpError(e));
      assert.equal(e.message, 'Report generation took too long');
      assert.equal(e.expose, true);
      assert.equal(e.headers['retry-after'], '5');
      return true;
    });
  });

  it('rejects a bad duration', () => {
    assert.throws(() => startDeadline(0, () => {}), /ERR_STATUSKIT|ms/);
    assert.throws(() => startDeadline(Number.NaN, () => {}), /ms/);
  });
});
