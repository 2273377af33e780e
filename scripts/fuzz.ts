/**
 * The long fuzz runs.
 * - By default, the property of test/fuzz/fuzz.test.ts with 100,000 requests per adapter fixture
 *   app. Environment: FUZZ_REQUESTS (per app, default 100000), FUZZ_CONCURRENCY (default 8),
 *   FUZZ_SEED, FUZZ_APPS (comma-separated labels or file names, e.g. `express4,koa`).
 * - With `--differential <count>`, the differential property of test/fuzz/differential.test.ts:
 *   `count` requests, each sent to the fixture app on all five adapters and compared (FUZZ_SEED
 *   replays a run).
 *
 *   npm run fuzz
 *   FUZZ_REQUESTS=20000 FUZZ_APPS=fastify npm run fuzz
 *   npm run fuzz -- --differential 100000
 */
import { parseArgs } from 'node:util';
import { runDifferential } from '../test/fuzz/differential-run.js';

import { formatStats, fuzzApp } from '../test/fuzz/property.js';
import { FIXTURE_APPS, fixtureMissing, startFixture } from '../test/scenarios/apps.js';
import { targetOf } from '../test/scenarios/run.js';

const { values } = parseArgs({ options: { differential: { type: 'string' } } });
if (values.differential !== undefined) {
  const cases = Number(values.differential);
  if (!Number.isSafeInteger(cases) || cases < 1) {
    console.error(
      `--differential takes a whole number of requests; got ${JSON.stringify(values.differential)}`,
    );
    process.exit(2);
  }
  const labels = ['node:http', 'Express 5', 'Fastify', 'Hono', 'Koa 3'];
  const running = await Promise.all(
    FIXTURE_APPS.filter((f) => labels.includes(f.label)).map(async (f) => ({
      label: f.label,
      app: await startFixture(f),
    })),
  );
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  try {
    const report = await runDifferential(
      running.map(({ label, app }) => ({ label, port: targetOf(app.url).port })),
      { cases, ...(seed === undefined ? {} : { seed }), onProgress: (n) => console.log(`  ${n} requests…`) },
    );
    console.log(report.summary);
    for (const failure of report.failures) console.log(failure);
    console.log(`${report.cases - report.failures.length} passed, ${report.failures.length} failed`);
    process.exitCode = report.failures.length > 0 ? 1 : 0;
  } finally {
    for (const { app } of running) await app.close();
  }
  process.exit();
}

const requests = Number(process.env.FUZZ_REQUESTS ?? 100_000);
const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const filter = process.env.FUZZ_APPS?.split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);

const selected = FIXTURE_APPS.filter(
  (app) =>
    !filter ||
    filter.some(
      (f) =>
        app.label.toLowerCase().replace(/[^a-z0-9]/g, '') === f.replace(/[^a-z0-9]/g, '') ||
        app.file === `statuskit-${f}.ts`,
    ),
);

let failed = 0;
let total = 0;
for (const app of selected) {
  const missing = fixtureMissing(app);
  if (missing) {
    console.log(`${app.label}: skipped (${missing})`);
    continue;
  }
  const running = await startFixture(app);
  try {
    const stats = await fuzzApp(targetOf(running.url).port, {
      requests,
      concurrency,
      ...(seed === undefined ? {} : { seed }),
      onProgress: (sent) => console.log(`  ${app.label}: ${sent} requests…`),
    });
    total += stats.requests;
    console.log(formatStats(app.label, stats));
  } catch (error) {
    failed++;
    console.log(`${app.label}: FAILED\n${(error as Error).message}`);
  } finally {
    await running.close();
  }
}
console.log(`${total} requests in all; ${failed} app(s) failed`);
process.exitCode = failed > 0 ? 1 : 0;
