/**
 * The notes scenario table (examples-table.ts) against every examples/<framework>.ts, each spawned
 * as its own process on a free port. An example that does not exist yet is reported as skipped.
 * Rate limiting runs against a second process started with RATE_LIMIT=2: the writes within the
 * limit must carry RateLimit headers, and an example that does not rate-limit fails (no skip).
 */
import { after, before, describe, it } from 'node:test';
import { EXAMPLES, exampleMissing, type RunningExample, startExample } from './apps.js';
import { assertRateLimitScenario, exampleScenarios, rateLimitScenarios } from './examples-table.js';
import { assertScenario, type Target, targetOf, type Vars } from './run.js';

for (const name of EXAMPLES) {
  const missing = exampleMissing(name);

  describe(`notes scenarios on examples/${name}.ts`, { skip: missing ?? false }, () => {
    let running: RunningExample | undefined;
    let target: Target;
    const vars: Vars = new Map();
    before(async () => {
      // A limit far above the writes of the table, so rate limiting never interferes here.
      running = await startExample(name, { RATE_LIMIT: '100000' });
      target = targetOf(running.url);
    });
    after(async () => {
      await running?.close();
    });
    for (const scenario of exampleScenarios) {
      it(scenario.name, { timeout: 15_000 }, () => assertScenario(target, scenario, vars));
    }
  });

  describe(`rate limiting on examples/${name}.ts (RATE_LIMIT=2)`, { skip: missing ?? false }, () => {
    let running: RunningExample | undefined;
    let target: Target;
    const vars: Vars = new Map();
    before(async () => {
      running = await startExample(name, { RATE_LIMIT: '2' });
      target = targetOf(running.url);
    });
    after(async () => {
      await running?.close();
    });
    for (const scenario of rateLimitScenarios) {
      it(scenario.name, { timeout: 15_000 }, () => assertRateLimitScenario(target, scenario, vars));
    }
  });
}
