/**
 * The notes scenario table (examples-table.ts) against every examples/<framework>.ts, each spawned
 * as its own process on a free port. An example that does not exist yet is reported as skipped.
 * Rate limiting runs against a second process started with RATE_LIMIT=2, and only once the
 * example answers writes with RateLimit headers; until then it is reported as skipped.
 */
import { after, before, describe, it } from 'node:test';
import { EXAMPLES, exampleMissing, type RunningExample, startExample } from './apps.js';
import { exampleScenarios, hasRateLimitHeaders, rateLimitScenarios } from './examples-table.js';
import { assertScenario, perform, scenarioProblems, type Target, targetOf, type Vars } from './run.js';

const PENDING = 'pending: the example does not rate-limit yet (no RateLimit header on a write)';

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
    /** Set when the first write carries no RateLimit header: the rest is pending, not passing. */
    let notLimiting = false;
    const vars: Vars = new Map();
    before(async () => {
      running = await startExample(name, { RATE_LIMIT: '2' });
      target = targetOf(running.url);
    });
    after(async () => {
      await running?.close();
    });
    for (const [i, scenario] of rateLimitScenarios.entries()) {
      it(scenario.name, { timeout: 15_000 }, async (t) => {
        if (notLimiting) {
          t.skip(PENDING);
          return;
        }
        if (i === 0) {
          const first = await perform(target, scenario.request, false);
          if (!hasRateLimitHeaders(first.headers)) {
            notLimiting = true;
            t.skip(PENDING);
            return;
          }
          const problems = scenarioProblems(scenario, first);
          if (problems.length > 0) throw new Error(`${scenario.name}:\n  - ${problems.join('\n  - ')}`);
          return;
        }
        await assertScenario(target, scenario, vars);
      });
    }
  });
}
