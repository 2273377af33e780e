/**
 * `statuskit check` on JSON APIs written by others (test/corpus: json-server from npm, the
 * Express repository's web-service example, and Express, Koa, Fastify and Hono apps written as
 * their docs show, no statuskit in them). Each app is checked safe and with `--unsafe`; every
 * finding must be classified in the app's expected-findings file, the figures are printed, and:
 * precision on E and W findings ≥ 95 %, recall ≥ 90 %, the exit status the same on every run of
 * a mode, and no record that existed changed.
 *
 * CORPUS_RUNS=5 runs each app five times (the exit-status stability check of the corpus).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CorpusModule } from './corpus/app.js';
import { runCorpusApp } from './corpus/run.js';
import { type Expected, type Score, scoreRun, scoreTable, totals } from './corpus/score.js';

const APPS = [
  'json-server',
  'express-web-service',
  'express-books',
  'koa-router',
  'fastify-schema',
  'hono-node',
];
const RUNS = Number(process.env.CORPUS_RUNS ?? 1);
const scores: Score[] = [];

for (const app of APPS) {
  test(`corpus: ${app}`, { timeout: 120_000 }, async () => {
    const mod = (await import(`./corpus/${app}.js`)) as CorpusModule;
    const expected = JSON.parse(
      readFileSync(new URL(`corpus/${app}.expected.json`, import.meta.url), 'utf8'),
    ) as Expected;
    const run = await runCorpusApp(mod, RUNS);
    const score = scoreRun(expected, run.findings);
    scores.push(score);
    assert.deepEqual(
      score.unclassified.map((f) => `${f.severity} ${f.check} ${f.request}: ${f.detail}`),
      [],
      `findings missing from test/corpus/${app}.expected.json`,
    );
    // The exit status of a mode is the same on every run (safe runs are even, unsafe odd).
    const safe = new Set(run.exitCodes.filter((_, i) => i % 2 === 0));
    const unsafe = new Set(run.exitCodes.filter((_, i) => i % 2 === 1));
    assert.equal(safe.size, 1, `safe exit codes ${run.exitCodes}`);
    assert.equal(unsafe.size, 1, `unsafe exit codes ${run.exitCodes}`);
    // --unsafe left every record that existed as it was.
    for (const [id, before] of run.before) assert.equal(run.after.get(id), before, `${app}: ${id} changed`);
    assert.ok(run.before.size > 0);
  });
}

test('corpus: precision and recall', (t) => {
  assert.equal(scores.length, APPS.length, 'every app was scored');
  const table = scoreTable(scores);
  for (const line of table.split('\n')) t.diagnostic(line);
  console.log(table);
  const { precisionErrorsAndWarnings, recall } = totals(scores);
  assert.ok(precisionErrorsAndWarnings >= 0.95, `precision on E and W ${precisionErrorsAndWarnings}`);
  assert.ok(recall >= 0.9, `recall ${recall}`);
});
