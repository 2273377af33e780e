/**
 * The API report (scripts/api-report.ts): the checked-in reports under api/ and the reference pages
 * under docs/reference/ match the sources, every
 * export of the core and registry entries has a doc comment with an example, and what the report
 * reads from the sources is what each entry exports at run time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { apiReports, DOCUMENTED, isValueKind, problems, reportFile } from '../scripts/api-report.js';

const reports = apiReports();

test('the reports under api/ match the sources (npm run api:report after a deliberate change)', () => {
  assert.deepEqual(problems(reports), []);
});

test('the report sees a change to an entry point', () => {
  const core = reports.find((r) => r.specifier === 'statuskit')!;
  const added = {
    ...core,
    names: [...core.names, { name: 'errorBody', kind: 'function', docs: 'none' as const, from: 'x' }],
  };
  const found = problems([added, ...reports.filter((r) => r !== core)]);
  assert.ok(
    found.includes(
      `${reportFile('statuskit')} does not match the sources: run npm run api:report and review the change`,
    ),
  );
  assert.ok(found.includes('docs/reference/statuskit.md is stale: run npm run api:report'));
  assert.ok(
    found.some((p) => p.startsWith('statuskit: errorBody ')),
    'an undocumented export is named',
  );
});

test('the core entry keeps adapter internals out', () => {
  const names = new Set(reports.find((r) => r.specifier === 'statuskit')!.names.map((n) => n.name));
  for (const internal of [
    'MESSAGES',
    'errorBody',
    'problemBody',
    'successBody',
    'JSON_TYPE',
    'PROBLEM_TYPE',
    'isSafeHeaderValue',
    'safeHeaderValue',
    'statusHeaders',
    'retryAfterValue',
    'prefersProblemJson',
    'resolveOptions',
    'ResolvedOptions',
  ]) {
    assert.ok(!names.has(internal), `${internal} is not exported`);
  }
  assert.ok(DOCUMENTED.has('statuskit') && DOCUMENTED.has('statuskit/registry'));
});

for (const report of reports) {
  test(`${report.specifier}: the values in the report are exactly what the module exports at run time`, async () => {
    const module = (await import(pathToFileURL(report.source).href)) as Record<string, unknown>;
    const values = report.names.filter((n) => isValueKind(n.kind)).map((n) => n.name);
    assert.deepEqual(Object.keys(module).sort(), values.sort());
  });
}
