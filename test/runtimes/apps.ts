/**
 * Every app a runtime serves, by name: the Hono fixture app (test/fixtures/statuskit-hono.ts)
 * with the fixture options (`fixture`), one fresh fixture app per guard suite of
 * test/scenarios/guards-table.ts, started with that suite's options, and the app of
 * portable-app.ts (`portable`), the notes example (examples/notes/hono-app.ts) twice, with a limit
 * no test reaches (`notes`) and with 2 writes a minute (`notes-rate-limit`), and the README's Hono
 * example (`readme-hono`, readme-hono-app.ts). Each is served on its own port.
 */

import { createNotesApp } from '../../examples/notes/hono-app.js';
import { createHonoApp } from '../fixtures/statuskit-hono.js';
import { guardSuites } from '../scenarios/guards-table.js';
import { FIXTURE_OPTIONS } from './fixture-options.js';
import { createPortableApp } from './portable-app.js';
import readmeHonoApp from './readme-hono-app.js';

/** The name of the fixture app; the others are the guard suites' names and {@link PORTABLE}. */
export const FIXTURE = 'fixture';
/** The name of the app of portable-app.ts. */
export const PORTABLE = 'portable';

/** The notes example with a write limit far above the writes of its scenario table. */
export const NOTES = 'notes';
/** The notes example with 2 writes a minute, for its rate-limit rows. */
export const NOTES_RATE_LIMIT = 'notes-rate-limit';
/** The README's Hono example. */
export const README_HONO = 'readme-hono';

/** The names of the apps. */
export const APP_NAMES: readonly string[] = [
  FIXTURE,
  PORTABLE,
  NOTES,
  NOTES_RATE_LIMIT,
  README_HONO,
  ...guardSuites.map((s) => s.name),
];

/** Builds the app called `name`. */
export function buildApp(name: string) {
  if (name === FIXTURE) return createHonoApp();
  if (name === PORTABLE) return createPortableApp();
  // on workerd the fixture options say where the client address is (fixture-options.ts)
  if (name === NOTES) return createNotesApp({ rateLimit: 100_000, ip: FIXTURE_OPTIONS.ip });
  if (name === NOTES_RATE_LIMIT) return createNotesApp({ rateLimit: 2, ip: FIXTURE_OPTIONS.ip });
  if (name === README_HONO) return readmeHonoApp;
  const suite = guardSuites.find((s) => s.name === name);
  if (suite === undefined) throw new Error(`no app called ${name}`);
  return createHonoApp(suite.options());
}
