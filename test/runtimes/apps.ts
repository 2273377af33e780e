/**
 * Every app a runtime serves, by name: the Hono fixture app (test/fixtures/statuskit-hono.ts)
 * with the fixture options (`fixture`), one fresh fixture app per guard suite of
 * test/scenarios/guards-table.ts, started with that suite's options, and the app of
 * portable-app.ts (`portable`). Each is served on its own port.
 */
import { createHonoApp } from '../fixtures/statuskit-hono.js';
import { guardSuites } from '../scenarios/guards-table.js';
import { createPortableApp } from './portable-app.js';

/** The name of the fixture app; the others are the guard suites' names and {@link PORTABLE}. */
export const FIXTURE = 'fixture';
/** The name of the app of portable-app.ts. */
export const PORTABLE = 'portable';

/** The names of the apps. */
export const APP_NAMES: readonly string[] = [FIXTURE, PORTABLE, ...guardSuites.map((s) => s.name)];

/** Builds the app called `name`. */
export function buildApp(name: string) {
  if (name === FIXTURE) return createHonoApp();
  if (name === PORTABLE) return createPortableApp();
  const suite = guardSuites.find((s) => s.name === name);
  if (suite === undefined) throw new Error(`no app called ${name}`);
  return createHonoApp(suite.options());
}
