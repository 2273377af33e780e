/**
 * RedisStore against a real redis-server started on a free port on 127.0.0.1. The whole file is
 * skipped, with a message saying why, when no `redis-server` binary is installed.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import {
  type GuardDecision,
  type GuardRequest,
  type GuardResult,
  gcraPolicy,
  gcraStep,
  RedisStore,
  rateLimit,
} from '../../src/guards/index.js';

const binary = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
const skip =
  binary === ''
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Starts redis-server on `port` and resolves once it accepts connections. It runs under a small
 * shell that kills it as soon as its stdin closes, which also happens when this process dies
 * however it dies, so no server outlives the test.
 */
async function startRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const watchdog = '"$0" "$@" & pid=$!; read _; kill -9 $pid; wait $pid';
  const child = spawn('sh', ['-c', watchdog, binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.stdin!.end();
  await exited;
}

/** An ioredis client that reconnects every 100 ms; connection errors are expected here, not logged. */
function client(port: number): Redis {
  const redis = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 100 });
  redis.on('error', () => {});
  return redis;
}

const storeFor = (redis: Redis, extra: { now?: () => number; prefix?: string } = {}) =>
  new RedisStore({ sendCommand: (command, ...args) => redis.call(command!, ...args), ...extra });

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

  it('two app instances sharing one Redis enforce one limit together', async () => {
    await admin.flushall();
    const a = rateLimit({ limit: 10, windowMs: 60_000, store: storeFor(open()), logger: false });
    const b = rateLimit({ limit: 10, windowMs: 60_000, store: storeFor(open()), logger: false });
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
    const limiter = rateLimit({ limit: 1000, store: storeFor(limiterClient), logger: false });
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

  it('survives SCRIPT FLUSH mid-run (NOSCRIPT → SCRIPT LOAD → EVALSHA), keeping the count', async () => {
    await admin.flushall();
    const limiter = rateLimit({ limit: 4, windowMs: 60_000, store: storeFor(open()), logger: false });
    assert.ok(allowed((await limiter.check(view())) as GuardResult));
    assert.ok(allowed((await limiter.check(view())) as GuardResult));
    await admin.call('SCRIPT', 'FLUSH');
    await admin.call('CONFIG', 'RESETSTAT');
    const third = (await limiter.check(view())) as GuardResult;
    assert.equal(third?.headers?.ratelimit, '"default";r=1;t=45');
    const stats = await commandStats(admin);
    assert.equal(stats['script|load'], 1, 'loaded once');
    assert.equal(stats.evalsha, 2, 'the failed EVALSHA and its retry');
    assert.ok(allowed((await limiter.check(view())) as GuardResult));
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
      const limiter = rateLimit({
        limit: 3,
        windowMs: 60_000,
        store: storeFor(redis),
        storeTimeoutMs,
        storeCooldownMs: 200,
        logger,
      });
      assert.ok(allowed((await limiter.check(view())) as GuardResult));
      await stopRedis(server);

      let slowest = 0;
      for (let i = 0; i < 30; i++) {
        const started = performance.now();
        const d = await limiter.check(view());
        slowest = Math.max(slowest, performance.now() - started);
        assert.equal(d, undefined, 'let through while Redis is down');
        await sleep(20);
      }
      t.diagnostic(`slowest check while Redis was down: ${slowest.toFixed(1)} ms`);
      assert.ok(slowest < storeTimeoutMs + 500, `no check waited long: slowest ${slowest.toFixed(1)} ms`);
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
      assert.equal(log.length, 2);
      assert.match(log[1]!, /^info .*answering again/);
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
