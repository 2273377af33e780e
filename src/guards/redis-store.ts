import { createHash } from 'node:crypto';
import type { GcraOutcome, GcraPolicy } from './gcra.js';
import { invalidOption, optionalFunction } from './options.js';
import type { RateLimitStore } from './store.js';

/**
 * Sends one Redis command and resolves with its reply. With ioredis:
 * `(...args) => client.call(...args)`; with node-redis: `(...args) => client.sendCommand(args)`.
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

const SHA = createHash('sha1').update(SCRIPT).digest('hex');

/**
 * A rate-limit store shared by every instance of an app through Redis. Each check is one
 * `EVALSHA` round trip running an atomic Lua script on Redis's clock; the script is loaded with
 * `SCRIPT LOAD` only when Redis answers `NOSCRIPT` (first use, restart, `SCRIPT FLUSH`).
 * Keys expire when their bucket is full again, so idle clients cost no memory.
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
 */
export class RedisStore implements RateLimitStore {
  /** The Lua script's SHA-1, as `EVALSHA` uses it. */
  static readonly scriptSha: string = SHA;
  /** The Lua script the store runs. */
  static readonly script: string = SCRIPT;

  #send: SendCommand;
  #prefix: string;
  #now: (() => number) | undefined;
  #sha = SHA;
  #loading: Promise<void> | undefined;
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
    return this.#evalsha(id, interval, capacity, nowUs).then(parseReply, (error: unknown) => {
      if (!isNoScript(error)) throw error;
      return this.#load()
        .then(() => this.#evalsha(id, interval, capacity, nowUs))
        .then(parseReply);
    });
  }

  /** One `EVALSHA`; a send that throws becomes a rejection. */
  #evalsha(id: string, interval: string, capacity: string, nowUs: string | undefined): Promise<unknown> {
    try {
      const sent =
        nowUs === undefined
          ? this.#send('EVALSHA', this.#sha, '1', id, interval, capacity)
          : this.#send('EVALSHA', this.#sha, '1', id, interval, capacity, nowUs);
      return sent instanceof Promise ? sent : Promise.resolve(sent);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async reset(key: string): Promise<void> {
    await this.#send('DEL', this.#prefix + key);
  }

  /** Loads the script once, however many requests saw `NOSCRIPT` at the same time. */
  #load(): Promise<void> {
    if (this.#loading === undefined) {
      const loading = Promise.resolve()
        .then(() => this.#send('SCRIPT', 'LOAD', SCRIPT))
        .then((sha) => {
          if (typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha)) this.#sha = sha;
        });
      const done = () => {
        this.#loading = undefined;
      };
      loading.then(done, done);
      this.#loading = loading;
    }
    return this.#loading;
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
