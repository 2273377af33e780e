/**
 * The options the fixture apps are started with, as test/fixtures/serve-on-free-port.ts exports
 * them, without that module's `statuskit/node` import: the runtime bundles use this module in its
 * place (test/runtimes/launch.ts), so test/scenarios/guards-table.ts builds its suites' options
 * inside Bun, Deno and workerd.
 *
 * workerd tells an app no client address, so a rate limit keyed by address needs the `ip` option
 * there: on Cloudflare the edge sets `CF-Connecting-IP`; local workerd does not, and every test
 * request comes from the loopback address.
 */
import type { HonoOptions } from 'statuskit/hono';

const onWorkers =
  (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';

export const FIXTURE_OPTIONS: HonoOptions = {
  bodyLimit: 1024,
  logger: false,
  ...(onWorkers ? { ip: (c) => c.req.header('cf-connecting-ip') ?? '127.0.0.1' } : {}),
};
