// The guards suite's server: Express 5, GET /notes answers 200 JSON behind one rate limiter (or
// none). The limit is never reached, so every figure is the limiter's cost on an allowed request.
// Redis variants connect to 127.0.0.1:$REDIS_PORT with ioredis; the cluster variant to the Redis
// Cluster one of whose masters is 127.0.0.1:$CLUSTER_PORT, through ioredis' Cluster.
import { createServer } from 'node:http';
import express, { type RequestHandler } from 'express';
import { rateLimit as expressRateLimit } from 'express-rate-limit';
import { Cluster, Redis } from 'ioredis';
import { RedisStore as RateLimitRedisStore, type RedisReply } from 'rate-limit-redis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { statuskit } from 'statuskit/express';
import { type Guard, MemoryStore, RedisStore, rateLimit } from 'statuskit/guards';
import { listen, NOTE, variant } from './listen.js';

const mode = variant([
  'none',
  'empty-middleware',
  'statuskit-nothing',
  'statuskit-memory',
  'express-rate-limit',
  'flexible-memory',
  'statuskit-redis',
  'statuskit-cluster',
  'rate-limit-redis',
  'flexible-redis',
] as const);

const LIMIT = 10_000_000;
const WINDOW_MS = 60_000;
const redis = mode.endsWith('redis')
  ? new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT) })
  : undefined;

// Round trips to Redis: ioredis writes each command, and each pipeline or MULTI block, with one
// socket write, so counting writes counts round trips (Redis's own command count would also count
// the commands a Lua script runs). Read by the suite at GET /__bench/redis-writes.
let redisWrites = 0;
redis?.on('connect', () => {
  const stream = (redis as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
  const write = stream.write.bind(stream);
  stream.write = (...args: unknown[]) => {
    redisWrites++;
    return write(...args);
  };
});
// statuskit's guard through the Express adapter's route middleware, as an app would use it: headers
// on every answer, a refusal (429) through `sk.end`. Only `sk.guard` runs on the measured path.
const sk = statuskit();
function guardMiddleware(guard: Guard): RequestHandler {
  return sk.guard(guard);
}

/** rate-limiter-flexible's usual Express wiring: consume a point per request, 429 when refused. */
function flexibleMiddleware(limiter: RateLimiterMemory | RateLimiterRedis): RequestHandler {
  return (req, res, next) => {
    limiter.consume(req.ip ?? '').then(
      () => next(),
      () => res.status(429).json({ error: 'Too many requests' }),
    );
  };
}

function limiter(): RequestHandler | undefined {
  switch (mode) {
    case 'none':
      return undefined;
    // What any limiter wired as Express middleware costs before it does anything: one more layer.
    case 'empty-middleware':
      return (_req, _res, next) => next();
    // statuskit's route middleware around a guard that decides nothing: what the wiring costs.
    case 'statuskit-nothing':
      return guardMiddleware({ name: 'nothing', check: () => undefined });
    case 'statuskit-memory':
      return guardMiddleware(rateLimit({ limit: LIMIT, windowMs: WINDOW_MS, store: new MemoryStore() }));
    case 'express-rate-limit':
      return expressRateLimit({
        windowMs: WINDOW_MS,
        limit: LIMIT,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
      });
    case 'flexible-memory':
      return flexibleMiddleware(new RateLimiterMemory({ points: LIMIT, duration: WINDOW_MS / 1000 }));
    case 'statuskit-redis': {
      const client = redis!;
      const store = new RedisStore({ sendCommand: (command, ...args) => client.call(command!, ...args) });
      return guardMiddleware(rateLimit({ limit: LIMIT, windowMs: WINDOW_MS, store }));
    }
    case 'statuskit-cluster': {
      const cluster = new Cluster([{ host: '127.0.0.1', port: Number(process.env.CLUSTER_PORT) }]);
      const store = new RedisStore({ sendCommand: (command, ...args) => cluster.call(command!, ...args) });
      return guardMiddleware(rateLimit({ limit: LIMIT, windowMs: WINDOW_MS, store }));
    }
    case 'rate-limit-redis': {
      const client = redis!;
      const store = new RateLimitRedisStore({
        sendCommand: (command: string, ...args: string[]) =>
          client.call(command, ...args) as Promise<RedisReply>,
      });
      return expressRateLimit({
        windowMs: WINDOW_MS,
        limit: LIMIT,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        store,
      });
    }
    case 'flexible-redis':
      return flexibleMiddleware(
        new RateLimiterRedis({ storeClient: redis, points: LIMIT, duration: WINDOW_MS / 1000 }),
      );
  }
}

const app = express();
app.get('/__bench/redis-writes', (_req, res) => {
  res.json(redisWrites);
});
const middleware = limiter();
if (middleware) app.use(middleware);
app.get('/notes', (_req, res) => {
  res.json({ success: 'OK', data: NOTE });
});
app.use(sk.end);
listen(createServer(app));
