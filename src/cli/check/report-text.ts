import { styleText } from 'node:util';
import type { CheckResult, Finding, Severity } from './types.js';

const HEADINGS: Record<Severity, string> = {
  E: 'Errors: a MUST is broken',
  W: 'Warnings: a SHOULD or an interoperability rule is broken',
  I: 'Info: envelope and style',
};
const MARKS: Record<Severity, string> = { E: '✗', W: '!', I: '·' };
const COLOURS: Record<Severity, 'red' | 'yellow' | 'cyan'> = { E: 'red', W: 'yellow', I: 'cyan' };
const HEADER_LINES = 5;

type Paint = (format: Parameters<typeof styleText>[0], text: string) => string;

function block(f: Finding, paint: Paint): string {
  const lines = f.response.split('\n');
  const blank = lines.indexOf('');
  const headers = lines.slice(1, blank === -1 ? undefined : blank);
  const response = [
    lines[0],
    ...headers.slice(0, HEADER_LINES),
    ...(headers.length > HEADER_LINES ? [`(${headers.length - HEADER_LINES} more headers)`] : []),
    ...(blank === -1 ? [] : lines.slice(blank + 1)),
  ];
  const more = f.occurrences > 1 ? paint('dim', `  (seen ${f.occurrences} times)`) : '';
  const label = (name: string) => paint('dim', name.padEnd(9));
  return [
    `  ${paint(COLOURS[f.severity], MARKS[f.severity])} ${paint('bold', f.check)}  ${f.title}`,
    `    ${label('rule')} ${f.rule}`,
    `    ${label('request')} ${f.request}`,
    `    ${label('seen')} ${f.detail}${more}`,
    `    ${label('response')} ${response[0] ?? ''}`,
    ...response.slice(1).map((line) => `              ${line}`),
    `    ${label('fix')} ${paint('green', f.fix)}`,
  ].join('\n');
}

/**
 * The report for people: findings grouped by severity, each with rule, request, response excerpt
 * and a fix hint, then the counts. `colour` adds ANSI styles.
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
    out.push('', paint(['bold', COLOURS[severity]], `${HEADINGS[severity]} (${list.length})`), '');
    out.push(list.map((f) => block(f, paint)).join('\n\n'));
  }
  if (result.notEvaluated.length > 0) {
    const reasons = new Map<string, number>();
    for (const n of result.notEvaluated) reasons.set(n.reason, (reasons.get(n.reason) ?? 0) + 1);
    const text = [...reasons].map(([r, n]) => `${r} ×${n}`).join('; ');
    out.push('', paint('dim', `Not evaluated (${result.notEvaluated.length}): ${text}.`));
  }
  const { E, W, I } = result.counts;
  const verdict =
    result.findings.length === 0
      ? paint('green', 'No findings.')
      : `${paint(E > 0 ? 'red' : 'green', `${E} error${E === 1 ? '' : 's'}`)}, ${W} warning${W === 1 ? '' : 's'}, ${I} info.`;
  out.push('', `${verdict} Exit status ${E > 0 ? 1 : 0}${E > 0 ? ' (a MUST is broken)' : ''}.`);
  return `${out.join('\n')}\n`;
}
