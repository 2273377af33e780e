/**
 * The options the fixture apps are started with, as test/fixtures/serve-on-free-port.ts exports
 * them, without that module's `statuskit/node` import: the runtime bundles use this module in its
 * place (test/runtimes/launch.ts), so test/scenarios/guards-table.ts builds its suites' options
 * inside Bun, Deno and workerd.
 */
import type { StatuskitOptions } from 'statuskit';

export const FIXTURE_OPTIONS: StatuskitOptions = { bodyLimit: 1024, logger: false };
