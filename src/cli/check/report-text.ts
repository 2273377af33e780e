import { styleText } from 'node:util';
import type { CheckResult, Finding, Severity } from './types.js';

const HEADINGS: Record<Severity, string> = {
  E: 'Errors: a MUST is broken',
  W: 'Warnings: a SHOULD is broken',
  I: 'Info: a MAY or a convention (JSON errors, REST habits)',
};
const MARKS: Record<Severity, string> = { E: '✗', W: '!', I: '·' };
const COLOURS: Record<Severity, 'red' | 'yellow' | 'cyan'> = { E: 'red', W: 'yellow', I: 'cyan' };
const HEADER_LINES = 4;
/** Instances shown per check; the rest are counted. */
const SHOWN = 3;

type Paint = (format: Parameters<typeof styleText>[0], text: string) => string;

function instance(f: Finding, paint: Paint, withResponse: boolean): string {
  const lines = f.response.split('\n');
  const blank = lines.indexOf('');
  const headers = lines.slice(1, blank === -1 ? undefined : blank);
  const response = [
    lines[0],
    ...headers.slice(0, HEADER_LINES),
    ...(headers.length > HEADER_LINES ? [`(${headers.length - HEADER_LINES} more headers)`] : []),
    ...(blank === -1 ? [] : lines.slice(blank + 1)),
  ];
  const more = f.occurrences > 1 ? paint('dim', ` (seen ${f.occurrences} times)`) : '';
  return [
    `    ${paint('bold', f.request)}${more}`,
    `      ${f.detail}`,
    ...(withResponse ? response.map((line) => paint('dim', `      | ${line}`)) : []),
  ].join('\n');
}

function group(list: readonly Finding[], paint: Paint): string {
  const f = list[0]!;
  // The first answer is shown; the others of the same check are alike (JSON has them all).
  const shown = list.slice(0, SHOWN).map((x, i) => instance(x, paint, i === 0));
  if (list.length > SHOWN) shown.push(`    … and ${list.length - SHOWN} more like it`);
  return [
    `  ${paint(COLOURS[f.severity], MARKS[f.severity])} ${paint('bold', f.check)}  ${f.title}`,
    `    ${paint('dim', 'rule')} ${f.rule}   ${paint('dim', f.docs)}`,
    ...shown,
    `    ${paint('dim', 'fix')}  ${paint('green', f.fix)}`,
  ].join('\n');
}

/**
 * The report for people: findings grouped by severity and check, the rule and fix once per
 * check, each request with what came back; then notes, probes that could not be judged (with
 * their requests) and the counts. `colour` adds ANSI styles.
 *
 * @example
 * process.stdout.write(textReport(result, { colour: process.stdout.isTTY }));
 */
export function textReport(result: CheckResult, { colour = false }: { colour?: boolean } = {}): string {
  const paint: Paint = (format, text) => (colour ? styleText(format, text) : text);
  const seconds = (result.durationMs / 1000).toFixed(1);
  const out = [
    `${paint('bold', 'statuskit check')} ${result.url}: ${result.requests} requests in ${seconds} s`,
  ];
  if (result.truncated)
    out.push(paint('yellow', 'The request budget ran out before every probe ran (raise --max-requests).'));
  for (const severity of ['E', 'W', 'I'] as const) {
    const list = result.findings.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    const byCheck = new Map<string, Finding[]>();
    for (const f of list) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
    out.push('', paint(['bold', COLOURS[severity]], `${HEADINGS[severity]} (${list.length})`), '');
    out.push([...byCheck.values()].map((g) => group(g, paint)).join('\n\n'));
  }
  if (result.notes.length > 0) out.push('', paint('bold', 'Notes'), ...result.notes.map((n) => `  - ${n}`));
  if (result.notEvaluated.length > 0) {
    out.push('', paint('dim', `Not evaluated (${result.notEvaluated.length}):`));
    for (const n of result.notEvaluated) out.push(paint('dim', `  - ${n.request}: ${n.reason}`));
  }
  const { E, W, I } = result.counts;
  const verdict =
    result.findings.length === 0
      ? paint('green', 'No findings.')
      : `${paint(E > 0 ? 'red' : 'green', `${E} error${E === 1 ? '' : 's'}`)}, ${W} warning${W === 1 ? '' : 's'}, ${I} info.`;
  out.push('', `${verdict} Exit status ${E > 0 ? 1 : 0}${E > 0 ? ' (a MUST is broken)' : ''}.`);
  return `${out.join('\n')}\n`;
}
