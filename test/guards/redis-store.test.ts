/**
 * RedisStore against a real redis-server started on a free port on 127.0.0.1. The whole file is
 * skipped, with a message saying why, when no `redis-server` binary is installed.
 *
 * The tests that go through HTTP run real `statuskit/node` apps on 127.0.0.1; they take the guards
 * from `statuskit/guards` (dist, as the adapter does), the direct-check tests from src.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import * as dist from 'statuskit/guards';
import { configureServer, createApp } from 'statuskit/node';
import {
  type GuardDecision,
  type GuardRequest,
  type GuardResult,
  gcraPolicy,
  gcraStep,
  RedisStore,
  rateLimit,
} from '../../src/guards/index.js';
import { freePort, redisServer, startRedis, stopRedis } from './redis-server.js';

const skip =
  redisServer === ''
    ? 'redis-server is not installed (apt-get install redis-server); Redis store tests skipped'
    : false;
if (skip) console.log(`# ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const view = (ip = '192.0.2.1'): GuardRequest => ({
  method: 'POST',
  path: '/notes',
  ip,
  header: () => undefined,
});

/** An ioredis client that reconnects every 100 ms; connection errors are expected here, not logged. */
function client(port: number): Redis {
  const redis = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 100 });
  redis.on('error', () => {});
  return redis;
}

const storeFor = (redis: Redis, extra: { now?: () => number; prefix?: string } = {}) =>
  new RedisStore({ sendCommand: (command, ...args) => redis.call(command!, ...args), ...extra });

/** The same as {@link storeFor}, built from `statuskit/guards` for the HTTP apps. */
const distStoreFor = (redis: Redis) =>
  new dist.RedisStore({ sendCommand: (command, ...args) => redis.call(command!, ...args) });

/** One app instance: a `statuskit/node` app on 127.0.0.1 whose app-wide guard is `limiter`. */
interface Instance {
  url: string;
  /** How many requests reached the handler. */
  handled: number;
  close(): Promise<void>;
}

async function startInstance(limiter: dist.Guard): Promise<Instance> {
  const options = { logger: false as const, guards: [limiter] };
  const app = createApp(options);
  const server = configureServer(createHttpServer(app.handler), options);
  const instance: Instance = {
    url: '',
    handled: 0,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
  app.post('/notes', (_req, _res, ctx) => {
    instance.handled++;
    ctx.created('/notes/1', { id: 1 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  instance.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return instance;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  json: unknown;
  /** Milliseconds from sending the request to the end of the body. */
  ms: number;
}

/** `POST /notes` with a JSON body, read to the end. */
async function postNote(instance: Instance): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${instance.url}/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"title":"n"}',
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, headers: Object.fromEntries(res.headers), json: JSON.parse(text), ms };
}

/**
 * The store timeout of the tests that are not about timeouts: long enough that a loaded machine
 * never turns a slow answer into a skipped count.
 */
const PATIENT = 5000;

const allowed = (d: GuardDecision | undefined) => d !== undefined && d.error === undefined;

/** `INFO commandstats` as { command: calls }. */
async function commandStats(redis: Redis): Promise<Record<string, number>> {
  const text = String(await redis.call('INFO', 'commandstats'));
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

describe('RedisStore with a real redis-server', { skip }, () => {
  let port = 0;
  let server: ChildProcess | undefined;
  let admin: Redis;
  const clients: Redis[] = [];
  const open = () => {
    const c = client(port);
    clients.push(c);
    return c;
  };

  before(async () => {
    port = await freePort();
    server = await startRedis(port);
    admin = open();
  });

  after(async () => {
    for (const c of clients) c.disconnect();
    await stopRedis(server);
  });

  it('two limiters, each with its own connection and RedisStore, enforce one limit together (direct checks)', async () => {
    await admin.flushall();
    const a = rateLimit({
      limit: 10,
      windowMs: 60_000,
      store: storeFor(open()),
      logger: false,
      storeTimeoutMs: PATIENT,
    });
    const b = rateLimit({
      limit: 10,
      windowMs: 60_000,
      store: storeFor(open()),
      logger: false,
      storeTimeoutMs: PATIENT,
    });
    const results: boolean[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 16; i++) {
      const d = await (i % 2 === 0 ? a : b).check(view());
      results.push(allowed(d));
      remaining.push(d?.headers?.ratelimit?.match(/r=(\d+)/)?.[1] ?? '?');
    }
    assert.equal(results.filter(Boolean).length, 10);
    assert.deepEqual(results.slice(10), [false, false, false, false, false, false]);
    assert.deepEqual(remaining.slice(0, 10), ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    const denied = (await b.check(view())) as GuardResult;
    assert.equal(denied?.error?.status, 429);
    assert.equal(denied?.error?.headers['retry-after'], '6');
  });

  it('two node:http app instances, each with its own ioredis connection and RedisStore, enforce one limit together over HTTP', async () => {
    await admin.flushall();
    const n = 5;
    const policy = '"default";q=5;w=60';
    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        startInstance(
          dist.rateLimit({
            limit: n,
            windowMs: 60_000,
            store: distStoreFor(open()),
            logger: false,
            storeTimeoutMs: PATIENT,
          }),
        ),
      ),
    );
    try {
      // a, b, a, b, a: the quota counts down across both instances
      for (let i = 0; i < n; i++) {
        const answer = await postNote(i % 2 === 0 ? a! : b!);
        assert.equal(answer.status, 201, `request ${i + 1} of ${n}`);
        assert.equal(answer.headers['ratelimit-policy'], policy);
        assert.match(answer.headers.ratelimit ?? '', new RegExp(`^"default";r=${n - 1 - i};t=\\d+$`));
        assert.equal(answer.headers['retry-after'], undefined);
      }
      assert.equal(a!.handled, 3);
      assert.equal(b!.handled, 2);
      // the sixth goes to b, which has served only two itself; then a, then both again
      for (const [i, instance] of [b!, a!, b!, a!].entries()) {
        const answer = await postNote(instance);
        const which = `${instance === a ? 'A' : 'B'}, request ${n + 1 + i}`;
        assert.equal(answer.status, 429, which);
        assert.deepEqual(answer.json, { error: 'Too many requests' }, which);
        const retryAfter = answer.headers['retry-after'] ?? '';
        assert.match(retryAfter, /^[1-9]\d*$/, which);
        assert.ok(
          Number(retryAfter) <= 12,
          `${which}: one request comes back every 12 s, Retry-After ${retryAfter}`,
        );
        assert.equal(answer.headers['ratelimit-policy'], policy, which);
        assert.match(answer.headers.ratelimit ?? '', /^"default";r=0;t=[1-9]\d*$/, which);
      }
      assert.equal(a!.handled + b!.handled, n, 'no 429 reached a handler');
      assert.deepEqual(
        await admin.keys('statuskit:rl:*'),
        ['statuskit:rl:default:127.0.0.1'],
        'one bucket for both',
      );
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('two node:http app instances sharing one Redis admit exactly the limit of a concurrent burst split across both', async () => {
    await admin.flushall();
    const n = 10;
    const instances = await Promise.all(
      [0, 1].map(() =>
        startInstance(
          dist.rateLimit({
            limit: n,
            windowMs: 60_000,
            store: distStoreFor(open()),
            logger: false,
            storeTimeoutMs: PATIENT,
          }),
        ),
      ),
    );
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => postNote(instances[i % 2]!)));
      const served = answers.filter((x) => x.status === 201);
      const refused = answers.filter((x) => x.status === 429);
      assert.equal(served.length, n, `statuses: ${answers.map((x) => x.status).join(' ')}`);
      assert.equal(refused.length, 30 - n);
      assert.equal(instances[0]!.handled + instances[1]!.handled, n);
      // every admitted request saw its own count: remaining 9 … 0, each exactly once
      const left = served
        .map((x) => Number(x.headers.ratelimit?.match(/;r=(\d+);/)?.[1]))
        .sort((x, y) => y - x);
      assert.deepEqual(left, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      for (const answer of refused) {
        assert.match(answer.headers['retry-after'] ?? '', /^[1-9]\d*$/);
        assert.equal(answer.headers['ratelimit-policy'], '"default";q=10;w=60');
        assert.match(answer.headers.ratelimit ?? '', /^"default";r=0;t=[1-9]\d*$/);
      }
    } finally {
      await Promise.all(instances.map((x) => x.close()));
    }
  });

  it('holds the limit exactly at window edges (Lua agrees with the JavaScript step to the microsecond)', async () => {
    await admin.flushall();
    let t = 1_700_000_000_000;
    const store = storeFor(open(), { now: () => t });
    const policy = gcraPolicy(5, 1000);
    const got: boolean[] = [];
    for (let i = 0; i < 6; i++) got.push((await store.consume('edge', policy)).allowed);
    assert.deepEqual(got, [true, true, true, true, true, false]);
    t += 199;
    assert.equal((await store.consume('edge', policy)).allowed, false, '1 ms early');
    t += 1;
    assert.equal((await store.consume('edge', policy)).allowed, true, 'exactly one interval later');
    assert.equal((await store.consume('edge', policy)).allowed, false);

    // a pseudo-random walk, compared outcome by outcome with gcraStep
    const odd = gcraPolicy(7, 3000);
    let tat = 0;
    let seed = 42;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      t += seed % 700;
      const fromRedis = await store.consume('walk', odd);
      const step = gcraStep(odd, tat, t * 1000);
      tat = step.tat;
      assert.deepEqual(fromRedis, step.outcome, `request ${i}`);
    }
  });

  it("uses Redis's clock by default and expires a key when its bucket is full", async () => {
    await admin.flushall();
    const store = storeFor(open());
    const policy = gcraPolicy(2, 2000);
    assert.equal((await store.consume('clock', policy)).allowed, true);
    const ttl1 = await admin.pttl('statuskit:rl:clock');
    assert.ok(ttl1 > 900 && ttl1 <= 1000, `one request: full again in ~1 s, PTTL ${ttl1}`);
    assert.equal((await store.consume('clock', policy)).allowed, true);
    const ttl2 = await admin.pttl('statuskit:rl:clock');
    assert.ok(ttl2 > 1800 && ttl2 <= 2000, `two requests: ~2 s, PTTL ${ttl2}`);
    const denied = await store.consume('clock', policy);
    assert.equal(denied.allowed, false);
    assert.ok(denied.retryAfterMs > 0 && denied.retryAfterMs <= 1000, String(denied.retryAfterMs));
    await sleep(denied.retryAfterMs + 30);
    assert.equal((await store.consume('clock', policy)).allowed, true, 'allowed once Retry-After has passed');
    assert.equal((await store.consume('clock', policy)).allowed, false);
  });

  it('sends exactly one command (EVALSHA) per check in steady state', async () => {
    await admin.flushall();
    const limiterClient = open();
    const limiter = rateLimit({
      limit: 1000,
      store: storeFor(limiterClient),
      logger: false,
      storeTimeoutMs: PATIENT,
    });
    await limiter.check(view()); // the first check may load the script
    const monitor = await admin.monitor();
    monitor.on('error', () => {});
    clients.push(monitor);
    const sent: string[] = [];
    const limiterId = String(await limiterClient.client('ID'));
    const limiterAddr = String(await admin.client('LIST'))
      .split('\n')
      .find((line) => line.startsWith(`id=${limiterId} `))
      ?.match(/ addr=(\S+)/)?.[1];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === limiterAddr) sent.push(String(args[0]).toUpperCase());
    });
    await admin.call('CONFIG', 'RESETSTAT');
    const n = 25;
    for (let i = 0; i < n; i++) assert.ok(allowed((await limiter.check(view())) as GuardResult));
    const stats = await commandStats(admin);
    await sleep(50);
    monitor.disconnect();
    assert.deepEqual(
      sent,
      Array(n).fill('EVALSHA'),
      'MONITOR: one EVALSHA per check from the limiter connection',
    );
    assert.equal(stats.evalsha, n);
    for (const [command, calls] of Object.entries(stats)) {
      if (['evalsha', 'config|resetstat', 'monitor', 'client|id', 'client|list'].includes(command)) continue;
      assert.ok(['get', 'set', 'time'].includes(command), `unexpected top-level command ${command}`);
      assert.ok(calls <= n, `${command} runs only inside the script`);
    }
  });

  it('survives SCRIPT FLUSH mid-run (NOSCRIPT → EVAL, which caches the script again), keeping the count', async () => {
    await admin.flushall();
    const limiter = rateLimit({
      limit: 4,
      windowMs: 60_000,
      store: storeFor(open()),
      logger: false,
      storeTimeoutMs: PATIENT,
    });
    assert.ok(allowed((await limiter.check(view())) as GuardResult));
    assert.ok(allowed((await limiter.check(view())) as GuardResult));
    await admin.call('SCRIPT', 'FLUSH');
    await admin.call('CONFIG', 'RESETSTAT');
    const third = (await limiter.check(view())) as GuardResult;
    assert.equal(third?.headers?.ratelimit, '"default";r=1;t=45');
    const stats = await commandStats(admin);
    assert.equal(stats['script|load'], undefined, 'no keyless SCRIPT LOAD');
    assert.equal(stats.evalsha, 1, 'the failed EVALSHA');
    assert.equal(stats.eval, 1, 'its retry with the script text');
    assert.ok(allowed((await limiter.check(view())) as GuardResult));
    assert.equal((await commandStats(admin)).evalsha, 2, 'the next check is an EVALSHA again, and it ran');
    assert.equal(((await limiter.check(view())) as GuardResult)?.error?.status, 429);
  });

  for (const offlineQueue of [true, false]) {
    it(`fails open within the store timeout while Redis is down, and limits again when it is back (ioredis enableOfflineQueue: ${offlineQueue})`, async (t) => {
      await admin.flushall();
      const log: string[] = [];
      const logger = {
        error: (_e: unknown, m?: string) => log.push(`error ${m}`),
        info: (m: string) => log.push(`info ${m}`),
      };
      const redis = new Redis({
        port,
        host: '127.0.0.1',
        retryStrategy: () => 100,
        enableOfflineQueue: offlineQueue,
      });
      redis.on('error', () => {});
      clients.push(redis);
      await redis.ping().catch(() => sleep(200));
      const storeTimeoutMs = 50;
      const bound = storeTimeoutMs + 150;
      // from statuskit/guards (dist), as the app that serves it over HTTP takes it
      const limiter = dist.rateLimit({
        limit: 3,
        windowMs: 60_000,
        store: distStoreFor(redis),
        storeTimeoutMs,
        storeCooldownMs: 200,
        logger,
      });
      // the same limiter guards a real app: HTTP requests count under 127.0.0.1, direct checks under 192.0.2.1
      const app = await startInstance(limiter);
      try {
        assert.ok(allowed((await limiter.check(view())) as GuardResult));
        const warm = await postNote(app); // opens a kept-alive connection while Redis is up
        assert.equal(warm.status, 201);
        assert.match(warm.headers.ratelimit ?? '', /^"default";r=2;t=\d+$/, 'counted in Redis');
        await stopRedis(server);

        let slowestCheck = 0;
        let slowestHttp = 0;
        const servedWhileDown = (answer: Answer, what: string) => {
          slowestHttp = Math.max(slowestHttp, answer.ms);
          assert.equal(answer.status, 201, `${what}: served while Redis is down`);
          assert.deepEqual(answer.json, { success: 'Created', data: { id: 1 } }, what);
          assert.equal(answer.headers.ratelimit, undefined, `${what}: not counted, so no RateLimit field`);
        };
        // the worst moment first: right after the stop, store calls wait for the store timeout
        const burst = await Promise.all(Array.from({ length: 5 }, () => postNote(app)));
        for (const [i, answer] of burst.entries()) servedWhileDown(answer, `burst request ${i + 1}`);
        for (let i = 0; i < 30; i++) {
          const started = performance.now();
          const d = await limiter.check(view());
          slowestCheck = Math.max(slowestCheck, performance.now() - started);
          assert.equal(d, undefined, 'let through while Redis is down');
          if (i % 3 === 0) servedWhileDown(await postNote(app), `HTTP request ${i / 3 + 1}`);
          await sleep(20);
        }
        t.diagnostic(
          `slowest while Redis was down: check ${slowestCheck.toFixed(1)} ms, HTTP request ${slowestHttp.toFixed(1)} ms`,
        );
        assert.ok(
          slowestCheck < bound,
          `no check waited long: slowest ${slowestCheck.toFixed(1)} ms, bound ${bound} ms`,
        );
        assert.ok(
          slowestHttp < bound,
          `no HTTP request waited long: slowest ${slowestHttp.toFixed(1)} ms, bound ${bound} ms`,
        );
        assert.equal(app.handled, 1 + 5 + 10, 'every HTTP request reached the handler');
        assert.equal(log.length, 1, 'one report for the whole outage');

        server = await startRedis(port); // same port, empty
        let back: GuardResult;
        const until = Date.now() + 15_000;
        while (Date.now() < until) {
          back = (await limiter.check(view())) as GuardResult;
          if (back?.headers) break;
          await sleep(50);
        }
        const remaining = Number(back?.headers?.ratelimit?.match(/;r=(\d+);/)?.[1]);
        if (offlineQueue) {
          // probes that timed out while Redis was down stay in ioredis's offline queue and are
          // replayed on reconnect, so they may count late: at most the quota is used up
          assert.ok(remaining >= 0 && remaining <= 2, `counting again: ${back?.headers?.ratelimit}`);
        } else {
          assert.equal(back?.headers?.ratelimit, '"default";r=2;t=20', 'counting again from a full quota');
        }
        for (let i = 0; i < remaining; i++) assert.ok(allowed((await limiter.check(view())) as GuardResult));
        assert.equal(((await limiter.check(view())) as GuardResult)?.error?.status, 429, 'limiting resumed');
        const again = await postNote(app);
        if (offlineQueue) {
          // replayed HTTP probes may have used up 127.0.0.1's quota: counted again either way
          assert.ok([201, 429].includes(again.status), `HTTP status ${again.status} once Redis is back`);
          assert.match(again.headers.ratelimit ?? '', /^"default";r=[0-2];t=\d+$/, 'HTTP counted again');
        } else {
          assert.equal(again.status, 201);
          assert.equal(again.headers.ratelimit, '"default";r=2;t=20', 'HTTP counted again from a full quota');
        }
        assert.equal(log.length, 2);
        assert.match(log[1]!, /^info .*answering again/);
      } finally {
        await app.close();
      }
    });
  }

  it('answers 503 with Retry-After while Redis is unreachable in fail-closed mode', async () => {
    const nowhere = client(await freePort()); // nothing listens there
    clients.push(nowhere);
    const limiter = rateLimit({
      limit: 3,
      store: storeFor(nowhere),
      failClosed: true,
      storeTimeoutMs: 50,
      storeCooldownMs: 2000,
      logger: false,
    });
    for (let i = 0; i < 3; i++) {
      const d = (await limiter.check(view())) as GuardResult;
      assert.equal(d?.error?.status, 503);
      assert.equal(d?.error?.headers['retry-after'], '2');
    }
  });
});
