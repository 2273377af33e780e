/**
 * Every app a runtime serves, by name: the Hono fixture app (test/fixtures/statuskit-hono.ts)
 * with the fixture options (`fixture`), and one fresh fixture app per guard suite of
 * test/scenarios/guards-table.ts, started with that suite's options. Each is served on its own port.
 */
import { createHonoApp } from '../fixtures/statuskit-hono.js';
import { guardSuites } from '../scenarios/guards-table.js';

/** The name of the fixture app; the others are the guard suites' names. */
export const FIXTURE = 'fixture';

/** The names of the apps. */
export const APP_NAMES: readonly string[] = [FIXTURE, ...guardSuites.map((s) => s.name)];

/** Builds the app called `name`. */
export function buildApp(name: string) {
  if (name === FIXTURE) return createHonoApp();
  const suite = guardSuites.find((s) => s.name === name);
  if (suite === undefined) throw new Error(`no app called ${name}`);
  return createHonoApp(suite.options());
}
