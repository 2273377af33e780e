import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHttpError } from '../index.js';
import { joinGuards, resolveGuardOptions } from './adapter-options.js';
import { type Guard, type GuardRequest, type GuardResult, maintenance, rateLimit } from './index.js';

const view: GuardRequest = { method: 'GET', path: '/', ip: '192.0.2.1', header: () => undefined };

describe('resolveGuardOptions', () => {
  it('defaults to no guards, no ETags and no deadline', () => {
    assert.deepEqual(resolveGuardOptions(), { guard: undefined, etag: false, deadline: undefined });
    assert.deepEqual(resolveGuardOptions({ guards: [] }).guard, undefined);
  });

  it('rounds the deadline up to whole seconds of Retry-After, at least 1', () => {
    assert.deepEqual(resolveGuardOptions({ deadlineMs: 200 }).deadline, { ms: 200, retryAfter: 1 });
    assert.deepEqual(resolveGuardOptions({ deadlineMs: 2500 }).deadline, { ms: 2500, retryAfter: 3 });
  });

  it('joins app-wide guards in order: the first error answers', () => {
    const mode = maintenance({ enabled: true });
    const limiter = rateLimit({ limit: 1 });
    const { guard } = resolveGuardOptions({ guards: [mode, limiter], etag: 'weak' });
    assert.ok(guard);
    const result = guard.check(view) as GuardResult;
    assert.equal(result?.error?.status, 503);
    mode.disable();
    assert.ok((guard.check(view) as GuardResult)?.headers?.ratelimit);
    assert.equal((guard.check(view) as GuardResult)?.error?.status, 429);
  });

  it('refuses bad values with ERR_STATUSKIT_INVALID_OPTION', () => {
    const bad = [
      { etag: true },
      { etag: 'STRONG' },
      { deadlineMs: 0 },
      { deadlineMs: 1.5 },
      { deadlineMs: 2 ** 31 },
      { guards: {} },
      { guards: [{}] },
      { guards: [null] },
    ];
    for (const options of bad) {
      assert.throws(
        () => resolveGuardOptions(options as never),
        (e: unknown) => (e as { code?: string }).code === 'ERR_STATUSKIT_INVALID_OPTION',
        JSON.stringify(options),
      );
    }
  });
});

describe('joinGuards', () => {
  it('returns one guard as it is and several combined', () => {
    const one: Guard = { name: 'one', check: () => ({ headers: { 'x-one': '1' } }) };
    const two: Guard = { name: 'two', check: () => ({ headers: { 'x-two': '2' } }) };
    assert.equal(joinGuards('guard', 'guards', [one]), one);
    const both = joinGuards('guard', 'guards', [one, two]);
    assert.deepEqual((both?.check(view) as GuardResult)?.headers, { 'x-one': '1', 'x-two': '2' });
    assert.equal(joinGuards('guard', 'guards', []), undefined);
    assert.throws(
      () => joinGuards('guard', 'guards', [one, 'two' as never]),
      (e: unknown) => !isHttpError(e) && /guard: option guards is invalid/.test(String(e)),
    );
  });
});
