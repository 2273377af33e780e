// `npm run bench [-- --quick]`: every suite in one go — core, adapters, guards, overload, serve —
// then the bundle size. A suite whose code does not exist yet prints "skipped: <why>" and the run
// goes on; each suite writes bench/results/<suite>.{json,md,svg}, and bench/results/README.md
// gathers the tables.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { failuresOf, runSuite, type SuiteRunner, skippedReport } from './harness/main.js';
import { parseBenchOptions } from './harness/options.js';
import { type SuiteReport, writeIndex, writeReport } from './harness/report.js';

/** Each suite: its file in bench/, the runner it exports, its title. */
const SUITES = [
  { suite: 'core', file: 'core.ts', runner: 'runCore', title: 'Core: a 404, constructed and normalised' },
  {
    suite: 'adapters',
    file: 'adapters.ts',
    runner: 'runAdapters',
    title: 'Adapters: a 404 and a 200 per framework',
  },
  { suite: 'guards', file: 'guards.ts', runner: 'runGuards', title: 'Guards: rate limiting on Express 5' },
  {
    suite: 'overload',
    file: 'overload.ts',
    runner: 'runOverload',
    title: 'Overload: goodput under a constant arrival rate',
  },
  { suite: 'serve', file: 'serve.ts', runner: 'runServeBench', title: 'statuskit serve vs raw node:http' },
  { suite: 'size', file: 'size.ts', runner: 'runSize', title: 'Bundle size' },
];

const options = parseBenchOptions();
const started = performance.now();
const reports: SuiteReport[] = [];
for (const s of SUITES) {
  const path = join(import.meta.dirname, s.file);
  let runner: SuiteRunner | undefined;
  let why = `bench/${s.file} does not exist yet`;
  if (existsSync(path)) {
    try {
      runner = ((await import(pathToFileURL(path).href)) as Record<string, SuiteRunner | undefined>)[
        s.runner
      ];
      if (typeof runner !== 'function') why = `bench/${s.file} does not export ${s.runner}`;
    } catch (error) {
      why = `failed to load bench/${s.file}: ${(error as Error).message}`;
      runner = undefined;
    }
  }
  if (runner) reports.push(await runSuite(s.suite, s.title, runner, options));
  else {
    console.log(`\n== ${s.title} ==\nskipped: ${why}`);
    const report = skippedReport(s.suite, s.title, why, options);
    writeReport(report, options.outDir);
    writeIndex(options.outDir);
    reports.push(report);
  }
}

const missed = reports.flatMap((r) =>
  r.targets.filter((t) => t.met === false).map((t) => `${r.suite}: ${t.text}`),
);
console.log(
  `\nAll suites done in ${((performance.now() - started) / 1000).toFixed(0)} s; results in ${options.outDir}`,
);
if (missed.length > 0) console.log(`Targets MISSED:\n${missed.map((m) => `  ${m}`).join('\n')}`);
const failed = reports.flatMap(failuresOf);
if (failed.length > 0) {
  console.log(`FAILED (not measured):\n${failed.map((f) => `  ${f}`).join('\n')}`);
  process.exitCode = 1;
}
