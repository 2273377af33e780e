/**
 * The differential test: every generated request goes to the same fixture app on node:http,
 * Express, Fastify, Hono and Koa, and all five must give the same answer (status, the headers
 * statuskit decides, the body byte for byte), with the body in the envelope and no process lost.
 * 500 cases a run (DIFF_CASES overrides; `npm run fuzz -- --differential 100000` for a long run).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_APPS, type RunningApp, startFixture } from '../scenarios/apps.js';
import { targetOf } from '../scenarios/run.js';
import { runDifferential } from './differential-run.js';

const CASES = Number(process.env.DIFF_CASES ?? 500);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const LABELS = ['node:http', 'Express 5', 'Fastify', 'Hono', 'Koa 3'];

describe('differential: the five adapters answer identically', () => {
  const running: { label: string; app: RunningApp }[] = [];
  before(async () => {
    for (const fixture of FIXTURE_APPS.filter((f) => LABELS.includes(f.label))) {
      running.push({ label: fixture.label, app: await startFixture(fixture) });
    }
  });
  after(async () => {
    for (const { app } of running) await app.close();
  });

  it(`${CASES} generated requests: same status, headers and body on every adapter`, {
    timeout: 300_000,
  }, async (t) => {
    assert.equal(running.length, LABELS.length);
    const targets = running.map(({ label, app }) => ({ label, port: targetOf(app.url).port }));
    const report = await runDifferential(targets, {
      cases: CASES,
      ...(SEED === undefined ? {} : { seed: SEED }),
    });
    t.diagnostic(report.summary);
    assert.deepEqual(report.failures, [], report.failures.join('\n\n'));
  });
});
