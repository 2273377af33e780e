/**
 * An app that uses what the Hono fixture does not: `statuskit/registry`, `etag()` (SHA-1 from
 * `node:crypto` where the runtime has it, in plain TypeScript where not), `clientKey()` (IP
 * parsing without `node:net`), whether a rate limit keyed by the client address is refused at setup
 * (where the runtime tells no address), and a `loadShedding()` that samples the event loop (Node's meters
 * where they exist, timer lateness elsewhere). Each route answers what it computed, and the tests
 * compare it with what the same functions give on Node.
 */
import { Hono } from 'hono';
import type { StatuskitConfigError } from 'statuskit';
import { clientKey, etag, loadShedding, rateLimit } from 'statuskit/guards';
import { guard, ok, statuskit } from 'statuskit/hono';
import { describeStatus } from 'statuskit/registry';

/** The bodies `GET /etag` tags, and the addresses `GET /ip` normalises. */
export const ETAG_BODIES = ['', '{"success":"OK"}', 'x'.repeat(1000), 'ünïcödé ✓'];
export const ADDRESSES = [
  '192.0.2.1',
  '::ffff:192.0.2.1',
  '2001:db8:1:2:3:4:5:6',
  'fe80::1%eth0',
  'not an address',
];

/** What `GET /etag` and `GET /ip` answer, computed wherever this runs. */
export function computed() {
  const key = clientKey();
  return {
    etags: ETAG_BODIES.map((body) => [etag(body), etag(body, { weak: true })]),
    ips: ADDRESSES.map((ip) => key({ method: 'GET', path: '/', ip, header: () => undefined })),
  };
}

export function createPortableApp() {
  const app = statuskit(new Hono(), { logger: false, etag: 'strong' });
  // a high mark no test machine reaches: the route checks that the shedder runs, not that it sheds
  const shedder = loadShedding({ intervalMs: 20, maxEventLoopDelayMs: 60_000 });
  app.get('/status/:code', (c) => ok(c, describeStatus(Number(c.req.param('code')))));
  app.get('/computed', (c) => ok(c, computed()));
  // a rate limit keyed by address, app-wide and on a route, added to a fresh app: refused or not
  app.get('/no-address', (c) => {
    const setUp = (build: () => void) => {
      try {
        build();
        return 'accepted';
      } catch (error) {
        return (error as StatuskitConfigError).code;
      }
    };
    return ok(c, {
      appWide: setUp(() => statuskit(new Hono(), { logger: false, guards: [rateLimit({ limit: 1 })] })),
      route: setUp(() =>
        statuskit(new Hono(), { logger: false }).post('/notes', guard(rateLimit({ limit: 1 })), (c) =>
          c.body(null, 204),
        ),
      ),
      withIp: setUp(() =>
        statuskit(new Hono(), { logger: false, ip: () => '192.0.2.1' }).post(
          '/notes',
          guard(rateLimit({ limit: 1 })),
          (c) => c.body(null, 204),
        ),
      ),
    });
  });
  app.get('/shed', guard(shedder), async (c) => {
    // wait for the sampler (where a timer runs) so the answer says whether it sampled
    await new Promise((r) => setTimeout(r, 100));
    return ok(c, { dropProbability: shedder.dropProbability, sampled: shedder.lastSample !== undefined });
  });
  return app;
}
