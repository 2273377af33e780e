import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isHttpError, StatuskitConfigError } from '../index.js';
import {
  type GcraOutcome,
  type GuardDecision,
  type GuardRequest,
  type GuardResult,
  gcraPolicy,
  gcraStep,
  MemoryStore,
  type RateLimitStore,
  rateLimit,
} from './index.js';

function view(ip = '192.0.2.1', headers: Record<string, string> = {}, method = 'POST'): GuardRequest {
  return { method, path: '/notes', ip, header: (name) => headers[name] };
}

/** A fake clock in milliseconds. */
function clock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    set: (ms: number) => {
      t = start + ms;
    },
  };
}

function sync(result: GuardResult | Promise<GuardResult>): GuardDecision | undefined {
  assert.ok(!(result instanceof Promise), 'the memory store path is synchronous');
  return result;
}

const allowed = (d: GuardDecision | undefined) => d?.error === undefined;

describe('rateLimit with the memory store: GCRA exactness', () => {
  it('allows a burst of exactly `limit`, then one request per interval, to the millisecond', () => {
    const c = clock();
    const limiter = rateLimit({ limit: 5, windowMs: 1000, now: c.now });
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const d = sync(limiter.check(view()));
      assert.ok(allowed(d));
      remaining.push(d!.headers!.ratelimit!);
    }
    assert.deepEqual(remaining, [
      '"default";r=4;t=1',
      '"default";r=3;t=1',
      '"default";r=2;t=1',
      '"default";r=1;t=1',
      '"default";r=0;t=1',
    ]);
    const denied = sync(limiter.check(view()));
    assert.equal(denied?.error?.status, 429);
    assert.equal(denied?.error?.headers['retry-after'], '1');
    c.set(199);
    assert.equal(sync(limiter.check(view()))?.error?.status, 429, 'one millisecond early is still too early');
    c.set(200);
    assert.ok(allowed(sync(limiter.check(view()))), 'one request is earned back after windowMs / limit');
    assert.equal(sync(limiter.check(view()))?.error?.status, 429);
    c.set(200 + 1000);
    for (let i = 0; i < 5; i++) assert.ok(allowed(sync(limiter.check(view()))), `full quota again (${i})`);
    assert.equal(sync(limiter.check(view()))?.error?.status, 429);
  });

  it('gives no second quota at a window edge (unlike a fixed window)', () => {
    const c = clock();
    const limiter = rateLimit({ limit: 5, windowMs: 1000, now: c.now });
    c.set(999);
    let ok = 0;
    for (let i = 0; i < 5; i++) ok += allowed(sync(limiter.check(view()))) ? 1 : 0;
    c.set(1001);
    for (let i = 0; i < 5; i++) ok += allowed(sync(limiter.check(view()))) ? 1 : 0;
    assert.equal(ok, 5);
  });

  it('is exact with an interval that is not a whole number of milliseconds', () => {
    const c = clock();
    const limiter = rateLimit({ limit: 3, windowMs: 1000, now: c.now });
    for (let i = 0; i < 3; i++) assert.ok(allowed(sync(limiter.check(view()))));
    assert.equal(sync(limiter.check(view()))?.error?.status, 429);
    c.set(333);
    assert.equal(sync(limiter.check(view()))?.error?.status, 429);
    c.set(334);
    assert.ok(allowed(sync(limiter.check(view()))));
  });

  it('never allows more than limit + elapsed / interval, and Retry-After is exact (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 100, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (limit, windowMs, gaps) => {
          const c = clock();
          const store = new MemoryStore({ now: c.now });
          const policy = gcraPolicy(limit, windowMs);
          let t = 0;
          let tat = 0;
          let count = 0;
          for (const gap of gaps) {
            t += gap;
            c.set(t);
            const o = store.consume('k', policy);
            const step = gcraStep(policy, tat, c.now() * 1000);
            assert.deepEqual(o, step.outcome, 'the store is the pure step');
            if (!o.allowed) {
              const wait = Math.round(o.retryAfterMs * 1000);
              assert.ok(wait > 0);
              assert.equal(
                gcraStep(policy, tat, c.now() * 1000 + wait).outcome.allowed,
                true,
                'allowed after Retry',
              );
              assert.equal(
                gcraStep(policy, tat, c.now() * 1000 + wait - 1).outcome.allowed,
                false,
                'not 1 µs sooner',
              );
            }
            tat = step.tat;
            if (o.allowed) count++;
            assert.ok(count <= limit + Math.floor((t * 1000) / policy.intervalUs));
            assert.ok(o.remaining >= 0 && o.remaining < limit);
          }
          store.close();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps keys apart and groups an IPv6 /64 and an IPv4-mapped address with their IPv4', () => {
    const c = clock();
    const limiter = rateLimit({ limit: 1, windowMs: 60_000, now: c.now });
    assert.ok(allowed(sync(limiter.check(view('2001:db8:1:2::1')))));
    assert.equal(sync(limiter.check(view('2001:db8:1:2:ffff::9')))?.error?.status, 429, 'same /64');
    assert.ok(allowed(sync(limiter.check(view('2001:db8:1:3::1')))), 'another /64');
    assert.ok(allowed(sync(limiter.check(view('198.51.100.4')))));
    assert.equal(sync(limiter.check(view('::ffff:198.51.100.4')))?.error?.status, 429, 'mapped IPv4');
  });

  it('ignores X-Forwarded-For unless trustProxy is set', () => {
    const c = clock();
    const plain = rateLimit({ limit: 1, windowMs: 60_000, now: c.now });
    assert.ok(allowed(sync(plain.check(view('10.0.0.1', { 'x-forwarded-for': '203.0.113.1' })))));
    assert.equal(
      sync(plain.check(view('10.0.0.1', { 'x-forwarded-for': '203.0.113.2' })))?.error?.status,
      429,
      'a spoofed header does not buy a new quota',
    );
    const proxied = rateLimit({ limit: 1, windowMs: 60_000, now: c.now, trustProxy: true });
    assert.ok(allowed(sync(proxied.check(view('10.0.0.1', { 'x-forwarded-for': '203.0.113.1' })))));
    assert.ok(allowed(sync(proxied.check(view('10.0.0.1', { 'x-forwarded-for': '203.0.113.2' })))));
    assert.equal(
      sync(proxied.check(view('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.2' })))?.error?.status,
      429,
      'only the entry the trusted proxy added counts',
    );
  });

  it('uses a custom key and skip', () => {
    const limiter = rateLimit({
      limit: 1,
      key: (req) => req.header('authorization') ?? 'anonymous',
      skip: (req) => req.method === 'GET',
    });
    assert.equal(sync(limiter.check(view('192.0.2.1', {}, 'GET'))), undefined, 'skipped: no headers');
    assert.ok(allowed(sync(limiter.check(view('192.0.2.1', { authorization: 'a' })))));
    assert.ok(allowed(sync(limiter.check(view('192.0.2.1', { authorization: 'b' })))));
    assert.equal(sync(limiter.check(view('192.0.2.9', { authorization: 'a' })))?.error?.status, 429);
    limiter.reset('a');
    assert.ok(allowed(sync(limiter.check(view('192.0.2.9', { authorization: 'a' })))));
  });
});

describe('rateLimit headers', () => {
  function exhaust(headers: 'draft-10' | 'draft-7' | 'draft-6' | 'legacy' | false) {
    const c = clock(1_700_000_000_000);
    const limiter = rateLimit({ limit: 2, windowMs: 60_000, now: c.now, headers });
    const first = sync(limiter.check(view()));
    sync(limiter.check(view()));
    const denied = sync(limiter.check(view()));
    return { first, denied };
  }

  it('draft-10 (default): RateLimit-Policy and RateLimit as structured field lists', () => {
    const { first, denied } = exhaust('draft-10');
    assert.deepEqual(first?.headers, {
      'ratelimit-policy': '"default";q=2;w=60',
      ratelimit: '"default";r=1;t=30',
    });
    assert.deepEqual(denied?.headers, {
      'ratelimit-policy': '"default";q=2;w=60',
      ratelimit: '"default";r=0;t=30',
    });
    assert.equal(denied?.error?.headers['retry-after'], '30');
    assert.equal(denied?.error?.headers.ratelimit, '"default";r=0;t=30', 'the error carries the fields too');
  });

  it('draft-7, draft-6, legacy and none', () => {
    assert.deepEqual(exhaust('draft-7').first?.headers, {
      'ratelimit-policy': '2;w=60',
      ratelimit: 'limit=2, remaining=1, reset=30',
    });
    assert.deepEqual(exhaust('draft-6').first?.headers, {
      'ratelimit-policy': '2;w=60',
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-reset': '30',
    });
    assert.deepEqual(exhaust('legacy').first?.headers, {
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': String(1_700_000_030),
    });
    const none = exhaust(false);
    assert.equal(none.first, undefined);
    assert.equal(none.denied?.headers, undefined);
    assert.equal(none.denied?.error?.headers['retry-after'], '30', 'Retry-After on every 429');
  });

  it('names the policy', () => {
    const limiter = rateLimit({ limit: 10, windowMs: 1000, name: 'writes' });
    assert.equal(sync(limiter.check(view()))?.headers?.['ratelimit-policy'], '"writes";q=10;w=1');
  });
});

describe('MemoryStore expiry', () => {
  it('drops idle keys a generation at a time, never before their bucket is full', () => {
    const c = clock();
    const store = new MemoryStore({ now: c.now });
    const policy = gcraPolicy(2, 1000);
    store.consume('a', policy);
    store.consume('a', policy);
    c.set(600);
    store.consume('b', policy);
    assert.equal(store.size, 2);
    c.set(1000); // one rotation: a (full again at 1000) and b (full at 1100) are kept in the old generation
    assert.equal(store.consume('b', policy).remaining, 0, 'b survived the rotation');
    c.set(2500);
    store.consume('c', policy);
    assert.equal(store.size, 2, 'a was dropped; b moved to the new generation and dropped next');
    c.set(10_000);
    store.consume('d', policy);
    assert.equal(store.size, 1);
    store.close();
  });
});

describe('rateLimit store failures', () => {
  const outcome: GcraOutcome = { allowed: true, remaining: 9, resetMs: 100, retryAfterMs: 0 };

  function flakyStore() {
    const state = { mode: 'hang' as 'hang' | 'ok' | 'throw', calls: 0 };
    const store: RateLimitStore = {
      consume() {
        state.calls++;
        if (state.mode === 'throw') throw new Error('store exploded');
        if (state.mode === 'hang') return new Promise<GcraOutcome>(() => {});
        return Promise.resolve(outcome);
      },
    };
    return { state, store };
  }

  function logger() {
    const seen: string[] = [];
    return {
      seen,
      error: (_e: unknown, message?: string) => seen.push(`error: ${message}`),
      info: (message: string) => seen.push(`info: ${message}`),
    };
  }

  it('fails open after storeTimeoutMs, skips the store during the cool-down, logs once per outage', async () => {
    const c = clock();
    const { state, store } = flakyStore();
    const log = logger();
    const limiter = rateLimit({
      limit: 10,
      store,
      storeTimeoutMs: 20,
      storeCooldownMs: 1000,
      now: c.now,
      logger: log,
    });
    const started = performance.now();
    assert.equal(await limiter.check(view()), undefined, 'let through');
    assert.ok(performance.now() - started < 1000, 'bounded by the store timeout');
    for (let i = 0; i < 5; i++) assert.equal(await limiter.check(view()), undefined);
    assert.equal(state.calls, 1, 'the store is skipped during the cool-down');
    c.set(1000);
    assert.equal(await limiter.check(view()), undefined, 'the probe hangs too');
    assert.equal(state.calls, 2);
    assert.equal(log.seen.length, 1, 'one report per outage');
    c.set(2000);
    state.mode = 'ok';
    const back = await limiter.check(view());
    assert.equal(back?.headers?.ratelimit, '"default";r=9;t=1', 'limiting resumed');
    assert.equal(log.seen.length, 2);
    assert.match(log.seen[1]!, /^info: .*answering again/);
    state.mode = 'throw';
    assert.equal(sync(limiter.check(view())), undefined, 'a store that throws fails open too');
    assert.equal(log.seen.length, 3, 'a new outage is reported');
  });

  it('answers 503 with Retry-After while the store is down when failClosed', async () => {
    const c = clock();
    const { store } = flakyStore();
    const limiter = rateLimit({
      limit: 10,
      store,
      failClosed: true,
      storeTimeoutMs: 10,
      storeCooldownMs: 5000,
      now: c.now,
      logger: false,
    });
    const first = await limiter.check(view());
    assert.equal(first?.error?.status, 503);
    assert.equal(first?.error?.headers['retry-after'], '5');
    c.set(3500);
    const during = await limiter.check(view());
    assert.equal(during?.error?.status, 503);
    assert.equal(during?.error?.headers['retry-after'], '2');
    assert.ok(isHttpError(during?.error));
  });
});

describe('rateLimit options', () => {
  it('rejects bad configuration with ERR_STATUSKIT_INVALID_OPTION and a fix', () => {
    const bad: unknown[] = [
      { limit: 0 },
      { limit: 1.5 },
      { limit: 5, windowMs: -1 },
      { limit: 5, headers: 'draft-99' },
      { limit: 5, name: 'has "quotes"' },
      { limit: 5, store: {} },
      { limit: 5, trustProxy: -1 },
      { limit: 5, ipv6Subnet: 129 },
      { limit: 5, storeTimeoutMs: 0 },
      { limit: 5, logger: {} },
    ];
    for (const options of bad) {
      assert.throws(
        () => rateLimit(options as never),
        (e: unknown) =>
          e instanceof StatuskitConfigError &&
          e.code === 'ERR_STATUSKIT_INVALID_OPTION' &&
          /Fix: /.test(e.message),
        JSON.stringify(options),
      );
    }
  });
});
