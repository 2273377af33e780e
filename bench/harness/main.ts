import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, machineInfo, parseBenchOptions } from './options.js';
import { type SuiteReport, textReport, writeIndex, writeReport } from './report.js';

/** What every suite module exports: run with the shared options, return the report. */
export type SuiteRunner = (options: BenchOptions, log: (line: string) => void) => Promise<SuiteReport>;

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/** A report for a suite that cannot run at all yet; it is still written, so every file exists. */
export function skippedReport(suite: string, title: string, why: string, options: BenchOptions): SuiteReport {
  return {
    suite,
    title,
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(),
    settings: {},
    columns: [],
    rows: [],
    chartMetric: '',
    lowerIsBetter: true,
    targets: [],
    notes: [],
    skipped: why,
  };
}

/**
 * What could not be measured because something broke (a suite or a group that threw, a server
 * that did not start), as opposed to rows skipped on purpose: each one a line, `suite: why`.
 */
export function failuresOf(report: SuiteReport): string[] {
  const broken = (why: string | undefined) => why?.startsWith('failed') === true;
  if (broken(report.skipped)) return [`${report.suite}: ${report.skipped!.split('\n')[0]}`];
  const groups = new Set(report.rows.filter((r) => broken(r.skipped)).map((r) => r.group));
  return [...groups].map((g) => `${report.suite}: ${g}: ${report.rows.find((r) => r.group === g)!.skipped}`);
}

/**
 * Runs one suite, prints its table and writes its JSON, Markdown and SVG files. A suite that
 * throws is reported as failed with the error (and the process exit code set to 1), so `npm run
 * bench` goes on with the next one and still ends in failure.
 *
 * @example
 * if (isMain(import.meta.url)) await runSuite('core', 'Core', runCore);
 */
export async function runSuite(
  suite: string,
  title: string,
  runner: SuiteRunner,
  options: BenchOptions = parseBenchOptions(),
): Promise<SuiteReport> {
  const log = (line: string) => console.log(line);
  log(`\n== ${title} (${options.quick ? 'quick' : 'full'} run) ==`);
  let report: SuiteReport;
  try {
    report = await runner(options, log);
  } catch (error) {
    const why = `failed: ${(error as Error).stack ?? String(error)}`;
    report = skippedReport(suite, title, why, options);
  }
  if (report.skipped) log(`skipped: ${report.skipped}`);
  else log(`\n${textReport(report)}`);
  const failures = failuresOf(report);
  if (failures.length > 0) process.exitCode = 1;
  for (const file of writeReport(report, options.outDir)) log(`wrote ${file}`);
  log(`wrote ${writeIndex(options.outDir)}`);
  return report;
}
