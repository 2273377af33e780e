import { CHECKS, type CheckId } from './catalogue.js';
import type { CheckResult } from './types.js';

/**
 * The report as JSON for CI: the whole result plus the exit status it leads to.
 *
 * @example
 * JSON.parse(jsonReport(result)).findings[0].check // 'allow-missing'
 */
export function jsonReport(result: CheckResult): string {
  return `${JSON.stringify({ ...result, exitCode: result.counts.E > 0 ? 1 : 0 }, null, 2)}\n`;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold.
 *
 * @example
 * xmlEscape('a<b') // 'a&lt;b'
 */
function xmlEscape(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 cannot hold
      .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)
  );
}

/**
 * The report as JUnit XML: one test case per finding (E and W are failures, I passes with the
 * finding as output), one passing case per check that ran without a finding, and one skipped
 * case per check that could not run.
 *
 * @example
 * writeFileSync('statuskit-check.xml', junitReport(result));
 */
export function junitReport(result: CheckResult): string {
  const cases: string[] = [];
  let failures = 0;
  const open = (id: string, name: string) =>
    `    <testcase classname="statuskit.check.${xmlEscape(id)}" name="${xmlEscape(name)}" time="0">`;
  for (const f of result.findings) {
    const text = `${f.detail}\nrule: ${f.rule} (${f.docs})\nrequest: ${f.request}\nresponse:\n${f.response}\nfix: ${f.fix}`;
    const name = `${f.check}: ${f.request}${f.occurrences > 1 ? ` (seen ${f.occurrences} times)` : ''}`;
    if (f.severity === 'I') {
      cases.push(
        `${open(f.check, name)}\n      <system-out>${xmlEscape(text)}</system-out>\n    </testcase>`,
      );
      continue;
    }
    failures += 1;
    const message = xmlEscape(`${f.rule} broken: ${f.detail}`);
    cases.push(
      `${open(f.check, name)}\n      <failure message="${message}" type="${f.severity}">${xmlEscape(text)}</failure>\n    </testcase>`,
    );
  }
  const found = new Set(result.findings.map((f) => f.check));
  const skipped = new Map(result.skipped.map((s) => [s.check, s.reason]));
  for (const id of Object.keys(CHECKS) as CheckId[]) {
    if (found.has(id)) continue;
    const name = `${id}: ${CHECKS[id].title}`;
    const reason = skipped.get(id);
    cases.push(
      reason === undefined
        ? `${open(id, name)}</testcase>`
        : `${open(id, name)}\n      <skipped message="${xmlEscape(reason)}"/>\n    </testcase>`,
    );
  }
  const total = cases.length;
  const time = (result.durationMs / 1000).toFixed(3);
  const suite = xmlEscape(`statuskit check ${result.url}`);
  const counts = `tests="${total}" failures="${failures}" errors="0" skipped="${skipped.size}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="statuskit check" ${counts} time="${time}">`,
    `  <testsuite name="${suite}" ${counts} time="${time}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
