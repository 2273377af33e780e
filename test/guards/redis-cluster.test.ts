/**
 * RedisStore on a real Redis Cluster: three redis-server masters in cluster mode on 127.0.0.1,
 * joined with `redis-cli --cluster create`, reached through ioredis' `Cluster` and node-redis'
 * cluster client. Skipped, with a message saying why, when redis-server or redis-cli is missing.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Cluster } from 'ioredis';
import { createCluster, type RedisClusterType } from 'redis';
import * as dist from 'statuskit/guards';
import { configureServer, createApp } from 'statuskit/node';
import { type GuardResult, gcraPolicy, RedisStore } from '../../src/guards/index.js';
import {
  type ClusterNode,
  cli,
  type RedisCluster,
  redisCli,
  redisServer,
  startCluster,
} from './redis-server.js';

const skip =
  redisServer === '' || redisCli === ''
    ? 'redis-server or redis-cli is not installed (apt-get install redis-server); Redis Cluster tests skipped'
    : false;
if (skip) console.log(`# ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const view = (ip: string) => ({ method: 'POST', path: '/notes', ip, header: () => undefined });

function ioredisCluster(port: number): Cluster {
  const cluster = new Cluster([{ host: '127.0.0.1', port }], {
    enableOfflineQueue: false,
    clusterRetryStrategy: () => 100,
    redisOptions: { offlineQueue: false },
  });
  cluster.on('error', () => {});
  return cluster;
}

async function ready(cluster: Cluster): Promise<Cluster> {
  if (cluster.status !== 'ready') await new Promise((r) => cluster.once('ready', r));
  return cluster;
}

async function nodeRedisCluster(port: number): Promise<RedisClusterType> {
  const cluster = createCluster({
    rootNodes: [{ url: `redis://127.0.0.1:${port}` }],
    defaults: { disableOfflineQueue: true, socket: { reconnectStrategy: () => 100, connectTimeout: 500 } },
  });
  cluster.on('error', () => {});
  await cluster.connect();
  return cluster as unknown as RedisClusterType;
}

/** `INFO commandstats` of one node as { command: calls }. */
async function commandStats(node: ClusterNode): Promise<Record<string, number>> {
  const text = await cli(node.port, 'INFO', 'commandstats');
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

const flushAll = (c: RedisCluster) =>
  Promise.all(
    c.nodes.map(async (n) => {
      await cli(n.port, 'FLUSHALL');
      await cli(n.port, 'SCRIPT', 'FLUSH');
      await cli(n.port, 'CONFIG', 'RESETSTAT');
    }),
  );

/** A `statuskit/node` app on 127.0.0.1 whose app-wide guard is `limiter`. */
async function startInstance(limiter: dist.Guard) {
  const options = { logger: false as const, guards: [limiter] };
  const app = createApp(options);
  const server = configureServer(createHttpServer(app.handler), options);
  const instance = { url: '', handled: 0 };
  app.post('/notes', (_req, _res, ctx) => {
    instance.handled++;
    ctx.created('/notes/1', { id: 1 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  instance.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
  return Object.assign(instance, { close });
}

describe('RedisStore on a three-master Redis Cluster', { skip }, () => {
  let redis: RedisCluster;
  const closers: (() => unknown)[] = [];

  before(async () => {
    redis = await startCluster();
  });

  after(async () => {
    for (const close of closers) await Promise.resolve(close()).catch(() => {});
    await redis?.close();
  });

  const clients = {
    'ioredis Cluster (cluster.call)': async () => {
      const c = await ready(ioredisCluster(redis.nodes[0]!.port));
      closers.push(() => c.disconnect());
      return (...args: string[]) => c.call(args[0]!, ...args.slice(1));
    },
    "node-redis' cluster client (sendCommand with RedisStore.commandKey)": async () => {
      const c = await nodeRedisCluster(redis.nodes[1]!.port);
      closers.push(() => c.destroy());
      return (...args: string[]) => c.sendCommand(RedisStore.commandKey(args), false, args);
    },
  };

  for (const [name, connect] of Object.entries(clients)) {
    it(`from a cold start, every check succeeds on keys spread over all three masters, each run on its key's node (${name})`, async () => {
      await flushAll(redis);
      const store = new RedisStore({ sendCommand: await connect() });
      const policy = gcraPolicy(3, 60_000);
      const keys = Array.from({ length: 40 }, (_, i) => `client-${i}`);
      // in order: each master sees NOSCRIPT once, then has the script
      for (const key of keys) assert.equal((await store.consume(key, policy)).allowed, true, key);
      // then all at once, twice more each: remaining 1, then 0
      const second = await Promise.all(keys.map((key) => store.consume(key, policy)));
      assert.deepEqual(new Set(second.map((o) => `${o.allowed} ${o.remaining}`)), new Set(['true 1']));
      await Promise.all(keys.map((key) => store.consume(key, policy)));
      const fourth = await Promise.all(keys.map((key) => store.consume(key, policy)));
      assert.ok(
        fourth.every((o) => !o.allowed && o.retryAfterMs > 0),
        'the fourth request is over the limit',
      );
      for (const node of redis.nodes) {
        const keysThere = Number((await cli(node.port, 'DBSIZE')).trim());
        const stats = await commandStats(node);
        assert.ok(keysThere > 0, `node ${node.port} owns some of the 40 keys`);
        assert.equal(stats.eval, 1, `node ${node.port}: one EVAL, after its first NOSCRIPT`);
        assert.equal(
          stats.evalsha,
          keysThere * 4,
          `node ${node.port}: every check of its own keys, and no other`,
        );
        assert.equal(
          stats['script|load'],
          undefined,
          'no keyless SCRIPT LOAD, which a cluster client may send anywhere',
        );
      }
      // SCRIPT FLUSH on every master (as after a failover): the next check runs anyway
      await Promise.all(redis.nodes.map((n) => cli(n.port, 'SCRIPT', 'FLUSH')));
      const afterFlush = await store.consume('client-0', policy);
      assert.equal(afterFlush.allowed, false, 'still over the limit: the count survived');
      assert.equal((await store.consume('fresh', policy)).allowed, true);
    });
  }

  it('two app instances, one on each cluster client, enforce one limit together over HTTP', async () => {
    await flushAll(redis);
    const sends = [await clients['ioredis Cluster (cluster.call)'](), await Object.values(clients)[1]!()];
    const [a, b] = await Promise.all(
      sends.map((sendCommand) =>
        startInstance(
          dist.rateLimit({
            limit: 5,
            windowMs: 60_000,
            store: new dist.RedisStore({ sendCommand }),
            logger: false,
            storeTimeoutMs: 5000, // not about timeouts: a loaded machine must not skip a count
          }),
        ),
      ),
    );
    closers.push(a!.close, b!.close);
    const post = async (instance: { url: string }) => {
      const res = await fetch(`${instance.url}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title":"n"}',
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      return { status: res.status, ratelimit: res.headers.get('ratelimit') };
    };
    for (let i = 0; i < 5; i++) {
      const answer = await post(i % 2 === 0 ? a! : b!);
      assert.equal(answer.status, 201, `request ${i + 1}`);
      assert.match(answer.ratelimit ?? '', new RegExp(`^"default";r=${4 - i};t=\\d+$`));
    }
    for (const instance of [b!, a!, b!]) {
      const answer = await post(instance);
      assert.equal(answer.status, 429);
      assert.match(answer.ratelimit ?? '', /^"default";r=0;t=[1-9]\d*$/);
    }
    assert.deepEqual([a!.handled, b!.handled], [3, 2], 'no 429 reached a handler');
    const owner = await redis.owner('statuskit:rl:default:127.0.0.1');
    assert.equal(
      (await cli(owner.port, 'EXISTS', 'statuskit:rl:default:127.0.0.1')).trim(),
      '1',
      'one bucket, on its slot owner',
    );
  });

  it("fails open within the store timeout while the key's master is down, and limits again once it is back (both clients)", async (t) => {
    await flushAll(redis);
    const ip = '192.0.2.9';
    const owner = await redis.owner(`statuskit:rl:default:${ip}`);
    const storeTimeoutMs = 50;
    const bound = storeTimeoutMs + 150;
    const log: string[] = [];
    const limiters = await Promise.all(
      Object.values(clients).map(async (connect) =>
        dist.rateLimit({
          limit: 4,
          windowMs: 60_000,
          store: new dist.RedisStore({ sendCommand: await connect() }),
          storeTimeoutMs,
          storeCooldownMs: 200,
          logger: {
            error: (_e: unknown, m?: string) => log.push(`error ${m}`),
            info: (m: string) => log.push(`info ${m}`),
          },
        }),
      ),
    );
    // counted while the cluster is whole (the first check of each may wait for a connection or
    // meet NOSCRIPT; retried until one is counted, so a loaded machine cannot fail it)
    for (const limiter of limiters) {
      let d: GuardResult;
      const until = Date.now() + 15_000;
      do {
        d = (await limiter.check(view(ip))) as GuardResult;
        if (!d?.headers) await sleep(50);
      } while (!d?.headers && Date.now() < until);
      assert.ok(d?.headers?.ratelimit && !d.error, 'counted while the cluster is whole');
    }
    log.length = 0; // a warm-up check that timed out was reported; the outage starts now
    await redis.kill(owner);
    let slowest = 0;
    for (let i = 0; i < 20; i++) {
      for (const limiter of limiters) {
        const started = performance.now();
        const d = await limiter.check(view(ip));
        slowest = Math.max(slowest, performance.now() - started);
        assert.equal(d, undefined, `check ${i}: let through, uncounted, while the key's master is down`);
      }
      await sleep(20);
    }
    t.diagnostic(`slowest check while the master was down: ${slowest.toFixed(1)} ms`);
    assert.ok(slowest < bound, `no check waited long: slowest ${slowest.toFixed(1)} ms, bound ${bound} ms`);
    assert.equal(
      log.filter((l) => l.startsWith('error')).length,
      2,
      'one report per limiter for the whole outage',
    );

    await redis.restart(owner); // same node id and slots, but empty: no keys, no scripts
    for (const [i, limiter] of limiters.entries()) {
      let back: GuardResult;
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        back = (await limiter.check(view(ip))) as GuardResult;
        if (back?.headers) break;
        await sleep(50);
      }
      assert.ok(back?.headers?.ratelimit, `limiter ${i} counts again`);
    }
    // both limiters share the restarted master's fresh bucket of 4: counting on, alternately, the
    // remaining count falls across both and each limiter then refuses (a probe that timed out
    // while the master came back may have been counted late, so where it reaches 0 may vary)
    const remaining: number[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const d = (await limiters[i % 2]!.check(view(ip))) as GuardResult;
      assert.ok(d?.headers?.ratelimit, `check ${i} counted`);
      remaining.push(Number(d.headers.ratelimit.match(/;r=(\d+);/)?.[1]));
      statuses.push(d.error?.status ?? 200);
    }
    assert.ok(
      remaining.every((r, i) => i === 0 || r <= remaining[i - 1]!),
      `remaining ${remaining}`,
    );
    assert.ok(statuses.filter((x) => x === 200).length <= 2, `at most 2 of 4 left: ${statuses}`);
    assert.deepEqual(statuses.slice(-2), [429, 429], `limiting resumed on both: ${statuses}`);
    assert.equal(log.filter((l) => l.startsWith('info')).length, 2, 'one recovery report per limiter');
  });
});
