import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatuskitConfigError } from '../index.js';
import { joinGuards, requireClientAddress } from './adapter-options.js';
import {
  combineGuards,
  type GuardRequest,
  type GuardResult,
  loadShedding,
  maintenance,
  rateLimit,
} from './index.js';

const noAddress: GuardRequest = { method: 'POST', path: '/notes', ip: undefined, header: () => undefined };

describe('rateLimit where no client address can be found', () => {
  it('says whether it tells clients apart by the peer address', () => {
    assert.equal(rateLimit({ limit: 1 }).needsClientAddress, true);
    assert.equal(
      rateLimit({ limit: 1, key: (r) => r.header('x-api-key') ?? 'anonymous' }).needsClientAddress,
      false,
    );
    assert.equal(rateLimit({ limit: 1, trustProxy: 1 }).needsClientAddress, false);
    assert.equal(rateLimit({ limit: 1, trustProxy: false }).needsClientAddress, true);
    const shedder = loadShedding({ monitor: false });
    assert.equal(combineGuards(maintenance(), rateLimit({ limit: 1 })).needsClientAddress, true);
    assert.equal(combineGuards(maintenance(), shedder).needsClientAddress, false);
    assert.equal(
      joinGuards('statuskit', 'guards', [shedder, rateLimit({ limit: 1 })])?.needsClientAddress,
      true,
    );
  });

  it('is refused at setup by an adapter that cannot find the address, naming the fix', () => {
    const limiter = rateLimit({ limit: 1 });
    assert.throws(
      () => requireClientAddress(combineGuards(maintenance(), limiter), 'this runtime'),
      (error: unknown) =>
        error instanceof StatuskitConfigError &&
        error.code === 'ERR_STATUSKIT_NO_CLIENT_ADDRESS' &&
        /cannot find on this runtime/.test(error.message) &&
        /trustProxy/.test(error.hint),
    );
    requireClientAddress(rateLimit({ limit: 1, key: () => 'k' }), 'this runtime');
    requireClientAddress(undefined, 'this runtime');
    requireClientAddress(maintenance(), 'this runtime');
  });

  it('warns once when a request comes without an address, and still counts it', () => {
    const said: string[] = [];
    const limiter = rateLimit({
      limit: 2,
      logger: { error: () => said.push('error'), warn: (m) => said.push(m) },
    });
    const check = () => limiter.check(noAddress) as GuardResult; // the memory store answers synchronously
    assert.equal(check()?.error, undefined);
    assert.equal(check()?.error, undefined);
    assert.equal(check()?.error?.status, 429);
    assert.equal(said.length, 1);
    assert.match(said[0]!, /without a client address; every such request shares one bucket/);
    const quiet: string[] = [];
    const keyed = rateLimit({
      limit: 2,
      key: () => 'unknown',
      logger: { error: () => quiet.push('e'), warn: (m) => quiet.push(m) },
    });
    keyed.check(noAddress);
    assert.deepEqual(quiet, [], 'a key of its own named unknown is no missing address');
  });
});
