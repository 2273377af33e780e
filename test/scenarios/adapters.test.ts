/**
 * The shared scenario table (table.ts) against every adapter's fixture app, over real sockets on
 * 127.0.0.1. A fixture that does not exist yet is reported as skipped, with the reason.
 */
import { after, before, describe, it } from 'node:test';
import { FIXTURE_APPS, fixtureMissing, type RunningApp, startFixture } from './apps.js';
import { assertScenario, type Target, targetOf } from './run.js';
import { scenarios } from './table.js';

for (const app of FIXTURE_APPS) {
  const missing = fixtureMissing(app);
  describe(`scenarios on ${app.label} (test/fixtures/${app.file})`, { skip: missing ?? false }, () => {
    let running: RunningApp | undefined;
    let target: Target;
    before(async () => {
      running = await startFixture(app);
      target = targetOf(running.url);
    });
    after(async () => {
      await running?.close();
    });
    for (const scenario of scenarios) {
      it(scenario.name, { timeout: 15_000 }, () => assertScenario(target, scenario));
    }
  });
}
