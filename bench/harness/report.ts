import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './options.js';
import { barChartSvg } from './svg.js';

/** Who a row speaks for: the baseline of its group, statuskit, or a library it is compared with. */
export type Role = 'baseline' | 'statuskit' | 'anchor';

/** One line of a suite's table. */
export interface ReportRow {
  id: string;
  label: string;
  /** Rows are compared within a group (e.g. one framework); each group has one baseline. */
  group: string;
  role: Role;
  /** Figures shown in the table, by column key. */
  values: Record<string, number | string>;
  /** The ratio drawn in the chart (1 = the group's baseline). */
  chartRatio?: number;
  /** Why the row was not measured. */
  skipped?: string;
  /** Something wrong with the measurement itself, e.g. the server answered another status. */
  warning?: string;
}

/** A stated goal from an issue, checked against a measured figure. */
export interface TargetResult {
  /** The goal in words, e.g. "thrown 404 ≤ 1.15× CPU/request of the direct 404 (express)". */
  text: string;
  row: string;
  value: number;
  limit: number;
  comparison: '<=' | '>=';
  /** null when the row was skipped. */
  met: boolean | null;
}

/** Everything a suite writes: the table, the chart, the targets and the raw samples. */
export interface SuiteReport {
  suite: string;
  title: string;
  date: string;
  mode: 'quick' | 'full';
  machine: MachineInfo;
  settings: Record<string, unknown>;
  columns: { key: string; label: string }[];
  rows: ReportRow[];
  /** What the chart's bars are, e.g. "server CPU µs per request, ratio to baseline". */
  chartMetric: string;
  /** Whether a shorter bar is better (CPU, latency) or a longer one (throughput, speed-up). */
  lowerIsBetter: boolean;
  /** What the dashed line at 1 stands for. Default "1× baseline". */
  chartReference?: string;
  targets: TargetResult[];
  notes: string[];
  /** Set when the whole suite could not run. */
  skipped?: string;
  raw?: unknown;
}

/** Compares a value with a limit: true, false, or null when the value is not a number. */
export function checkTarget(
  text: string,
  row: string,
  value: number | undefined,
  comparison: '<=' | '>=',
  limit: number,
): TargetResult {
  const known = value !== undefined && Number.isFinite(value);
  const met = !known ? null : comparison === '<=' ? value <= limit : value >= limit;
  return { text, row, value: known ? value : Number.NaN, limit, comparison, met };
}

function cell(value: number | string | undefined): string {
  if (value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** One line per target: the figure, then `met` or `MISSED`. */
export function targetLines(targets: readonly TargetResult[]): string[] {
  return targets.map((t) => {
    const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED';
    const figure = Number.isFinite(t.value) ? `${cell(t.value)}` : '–';
    return `${verdict === 'MISSED' ? '**MISSED**' : verdict}: ${t.text} — measured ${figure} (limit ${t.comparison} ${cell(t.limit)})`;
  });
}

/** The suite as Markdown: settings, the table, targets and notes. */
export function markdownReport(report: SuiteReport): string {
  const lines = [`## ${report.title}`, ''];
  lines.push(
    `Measured ${report.date} on ${report.machine.cpu} (${report.machine.cores} cores), Node ${report.machine.node}, ${report.machine.platform}; ${report.mode} run.`,
    '',
  );
  if (report.skipped) {
    lines.push(`skipped: ${report.skipped}`, '');
    return lines.join('\n');
  }
  const header = ['group', 'configuration', ...report.columns.map((c) => c.label)];
  lines.push(
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`,
  );
  for (const row of report.rows) {
    const name = row.role === 'statuskit' ? `**${row.label}**` : row.label;
    const cells = row.skipped
      ? report.columns.map((_, i) => (i === 0 ? `skipped: ${row.skipped}` : ''))
      : report.columns.map((c) => cell(row.values[c.key]));
    lines.push(`| ${row.group} | ${name}${row.warning ? ` ⚠ ${row.warning}` : ''} | ${cells.join(' | ')} |`);
  }
  if (report.targets.length > 0) {
    lines.push('', 'Targets:', '', ...targetLines(report.targets).map((l) => `- ${l}`));
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `- ${n}`));
  lines.push('');
  return lines.join('\n');
}

/** The same table as plain text for the terminal. */
export function textReport(report: SuiteReport): string {
  if (report.skipped) return `${report.title}\nskipped: ${report.skipped}\n`;
  const header = ['group', 'configuration', ...report.columns.map((c) => c.label)];
  const name = (row: ReportRow) =>
    `${row.role === 'statuskit' ? '* ' : '  '}${row.label}${row.warning ? ` (! ${row.warning})` : ''}`;
  const measured = report.rows.filter((r) => !r.skipped);
  const body = measured.map((row) => [
    row.group,
    name(row),
    ...report.columns.map((c) => cell(row.values[c.key])),
  ]);
  const widths = header.map((h, i) =>
    Math.max(
      h.length,
      ...body.map((r) => (r[i] ?? '').length),
      ...(i < 2 ? report.rows.map((r) => (i === 0 ? r.group : name(r)).length) : []),
    ),
  );
  const format = (r: string[]) =>
    r.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const lines = report.rows.map((row) =>
    row.skipped
      ? `${row.group.padEnd(widths[0]!)}  ${name(row).padEnd(widths[1]!)}  skipped: ${row.skipped}`
      : format([row.group, name(row), ...report.columns.map((c) => cell(row.values[c.key]))]),
  );
  const out = [report.title, format(header), ...lines];
  if (report.targets.length > 0)
    out.push('', ...targetLines(report.targets).map((l) => l.replaceAll('**', '')));
  if (report.notes.length > 0) out.push(...report.notes.map((n) => `note: ${n}`));
  return `${out.join('\n')}\n`;
}

/**
 * Writes `<suite>.json`, `<suite>.md` and `<suite>.svg` to `dir` and returns their paths.
 *
 * @example
 * writeReport(report, 'bench/results')
 */
export function writeReport(report: SuiteReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [
    join(dir, `${report.suite}.json`),
    join(dir, `${report.suite}.md`),
    join(dir, `${report.suite}.svg`),
  ];
  writeFileSync(files[0]!, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files[1]!, markdownReport(report));
  writeFileSync(files[2]!, barChartSvg(report));
  return files;
}

/** The suites in the order the results index lists them. */
export const SUITE_ORDER = ['core', 'adapters', 'guards', 'overload', 'serve', 'size'] as const;

/**
 * Writes `README.md` in a results folder: one section per suite whose JSON is there, so running
 * one suite on its own (`npm run bench:adapters`) keeps the index in step with its files.
 */
export function writeIndex(dir: string): string {
  const reports = SUITE_ORDER.flatMap((suite) => {
    const file = join(dir, `${suite}.json`);
    return existsSync(file) ? [JSON.parse(readFileSync(file, 'utf8')) as SuiteReport] : [];
  });
  const quick = reports.some((r) => r.mode === 'quick');
  const index = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${quick ? ' -- --quick' : ''}\` (or one suite's own script); one section per suite, each also as JSON and an SVG chart beside this file. Each section gives the date of its own run.`,
    '',
    ...reports.map(
      (r) =>
        `${markdownReport(r).replace(/^## /, `## [${r.suite}](${r.suite}.md) · `)}\n![${r.suite}](${r.suite}.svg)\n`,
    ),
  ].join('\n');
  const path = join(dir, 'README.md');
  writeFileSync(path, index);
  return path;
}
