import type { GcraOutcome, GcraPolicy } from './gcra.js';
import { invalidOption, optionalFunction } from './options.js';
import { sha1Hex } from './sha1.js';
import type { RateLimitStore } from './store.js';

/**
 * Sends one Redis command and resolves with its reply. With ioredis (a client or a `Cluster`):
 * `(...args) => client.call(...args)`; with node-redis: `(...args) => client.sendCommand(args)`;
 * with node-redis' cluster client, which routes by the key it is given:
 * `(...args) => cluster.sendCommand(RedisStore.commandKey(args), false, args)`.
 *
 * @example
 * const send: SendCommand = (...args) => ioredisClient.call(...args);
 */
export type SendCommand = (...args: string[]) => Promise<unknown> | unknown;

/**
 * Options for {@link RedisStore}.
 *
 * @example
 * new RedisStore({ sendCommand: (...args) => client.sendCommand(args), prefix: 'api:rl:' })
 */
export interface RedisStoreOptions {
  /** How to talk to Redis (the store depends on no client library). */
  sendCommand: SendCommand;
  /** Prefix of every key. Default `statuskit:rl:`. */
  prefix?: string;
  /**
   * For tests only: use this clock (milliseconds) instead of Redis's own `TIME`. Leave it out in
   * production, where every instance must share Redis's clock.
   */
  now?: () => number;
}

/**
 * The GCRA step of `gcra.ts`, in Lua: read the theoretical arrival time, decide, write it back
 * with an expiry equal to the time until the bucket is full. Redis's clock unless ARGV[3] is given.
 * Reply: { allowed (0/1), remaining, reset µs, retry-after µs }.
 */
const SCRIPT = `local interval = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local now = ARGV[3] and tonumber(ARGV[3])
if not now then
  if redis.replicate_commands then redis.replicate_commands() end
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local tat = tonumber(redis.call('GET', KEYS[1])) or 0
if tat < now then tat = now end
local ahead = tat + interval - now
if ahead > capacity then
  return {0, 0, tat - now, ahead - capacity}
end
redis.call('SET', KEYS[1], string.format('%.0f', tat + interval), 'PX', math.ceil(ahead / 1000))
return {1, math.floor((capacity - ahead) / interval), ahead, 0}
`;

const SHA = sha1Hex(SCRIPT);

/**
 * A rate-limit store shared by every instance of an app through Redis or Redis Cluster. Each check
 * is one `EVALSHA` round trip running an atomic Lua script on Redis's clock, on one key (so on a
 * cluster it runs on the node that owns the key's slot). When that node answers `NOSCRIPT` (first
 * use, a restarted or failed-over master, `SCRIPT FLUSH`), the same check is sent again as `EVAL`
 * with the script's text: it goes to the same node, runs there, and leaves the script cached for
 * the next `EVALSHA`. No command without a key is ever sent, so no cluster client can send it to
 * the wrong node. Keys expire when their bucket is full again, so idle clients cost no memory.
 *
 * Give the store its own client with the offline queue off (ioredis `enableOfflineQueue: false`):
 * while Redis is unreachable, checks then fail at once instead of waiting for the store timeout,
 * and the checks that timed out are not replayed (and counted late) when Redis comes back.
 *
 * @example
 * import Redis from 'ioredis';
 * const client = new Redis({ enableOfflineQueue: false });
 * const store = new RedisStore({ sendCommand: (...args) => client.call(...args) });
 * const limiter = rateLimit({ limit: 100, windowMs: 60_000, store });
 *
 * // Redis Cluster through ioredis
 * const cluster = new Redis.Cluster([{ host: '10.0.0.1', port: 6379 }], { enableOfflineQueue: false });
 * const shared = new RedisStore({ sendCommand: (...args) => cluster.call(...args) });
 */
export class RedisStore implements RateLimitStore {
  /** The Lua script's SHA-1, as `EVALSHA` uses it. */
  static readonly scriptSha: string = SHA;
  /** The Lua script the store runs. */
  static readonly script: string = SCRIPT;

  /**
   * The key of a command the store sends (`EVALSHA`, `EVAL`, `DEL`): what a cluster client that
   * routes by an explicit key needs, such as node-redis' `cluster.sendCommand(key, readonly, args)`.
   *
   * @example
   * const cluster = createCluster({ rootNodes: [{ url: 'redis://10.0.0.1:6379' }] });
   * new RedisStore({ sendCommand: (...args) => cluster.sendCommand(RedisStore.commandKey(args), false, args) })
   */
  static commandKey(args: readonly string[]): string | undefined {
    const command = args[0]?.toUpperCase();
    return command === 'EVALSHA' || command === 'EVAL' ? args[3] : args[1];
  }

  #send: SendCommand;
  #prefix: string;
  #now: (() => number) | undefined;
  /** The last policy seen, and its arguments as strings (a limiter uses one policy). */
  #policy: GcraPolicy | undefined;
  #interval = '';
  #capacity = '';

  constructor(options: RedisStoreOptions) {
    if (typeof options?.sendCommand !== 'function') {
      invalidOption(
        'RedisStore',
        'sendCommand',
        options?.sendCommand,
        'pass a function, e.g. (...args) => client.call(...args) with ioredis.',
      );
    }
    this.#send = options.sendCommand;
    this.#prefix = options.prefix ?? 'statuskit:rl:';
    if (typeof this.#prefix !== 'string')
      invalidOption('RedisStore', 'prefix', options.prefix, 'pass a string.');
    this.#now = optionalFunction('RedisStore', 'now', options.now, 'leave it out outside tests.');
  }

  consume(key: string, policy: GcraPolicy): Promise<GcraOutcome> {
    if (policy !== this.#policy) {
      this.#policy = policy;
      this.#interval = String(policy.intervalUs);
      this.#capacity = String(policy.capacityUs);
    }
    const id = this.#prefix + key;
    const interval = this.#interval;
    const capacity = this.#capacity;
    const nowUs = this.#now ? String(Math.round(this.#now() * 1000)) : undefined;
    return this.#run('EVALSHA', SHA, id, interval, capacity, nowUs).then(parseReply, (error: unknown) => {
      if (!isNoScript(error)) throw error;
      // the key's node has no script (first use, restart, failover, SCRIPT FLUSH): send the text
      // to the same node, which runs it and caches it for the next EVALSHA
      return this.#run('EVAL', SCRIPT, id, interval, capacity, nowUs).then(parseReply);
    });
  }

  /** One `EVALSHA` or `EVAL` on the key `id`; a send that throws becomes a rejection. */
  #run(
    command: 'EVALSHA' | 'EVAL',
    script: string,
    id: string,
    interval: string,
    capacity: string,
    nowUs: string | undefined,
  ): Promise<unknown> {
    try {
      const sent =
        nowUs === undefined
          ? this.#send(command, script, '1', id, interval, capacity)
          : this.#send(command, script, '1', id, interval, capacity, nowUs);
      return sent instanceof Promise ? sent : Promise.resolve(sent);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async reset(key: string): Promise<void> {
    await this.#send('DEL', this.#prefix + key);
  }
}

function isNoScript(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('NOSCRIPT') || message.includes('NOSCRIPT ');
}

function parseReply(reply: unknown): GcraOutcome {
  if (Array.isArray(reply) && reply.length === 4) {
    const allowed = Number(reply[0]);
    const remaining = Number(reply[1]);
    const resetUs = Number(reply[2]);
    const retryUs = Number(reply[3]);
    if (
      Number.isFinite(allowed) &&
      Number.isFinite(remaining) &&
      Number.isFinite(resetUs) &&
      Number.isFinite(retryUs)
    ) {
      return { allowed: allowed === 1, remaining, resetMs: resetUs / 1000, retryAfterMs: retryUs / 1000 };
    }
  }
  throw new Error(`statuskit RedisStore: unexpected script reply ${JSON.stringify(reply)}`);
}
