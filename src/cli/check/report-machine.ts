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
export function xmlEscape(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 cannot hold
      .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)
  );
}

/**
 * The report as JUnit XML: one test case per check of the catalogue; every E or W finding is a
 * failure of its check's case, I findings go to the case's output.
 *
 * @example
 * writeFileSync('statuskit-check.xml', junitReport(result));
 */
export function junitReport(result: CheckResult): string {
  const cases: string[] = [];
  let failures = 0;
  for (const id of Object.keys(CHECKS) as CheckId[]) {
    const spec = CHECKS[id];
    const found = result.findings.filter((f) => f.check === id);
    const name = xmlEscape(`${id}: ${spec.title}`);
    const open = `    <testcase classname="statuskit.check.probe${spec.probe}" name="${name}" time="0">`;
    if (found.length === 0) {
      cases.push(`${open}</testcase>`);
      continue;
    }
    const text = found
      .map(
        (f) => `${f.detail}\nrule: ${f.rule}\nrequest: ${f.request}\nresponse:\n${f.response}\nfix: ${f.fix}`,
      )
      .join('\n\n');
    if (spec.severity === 'I') {
      cases.push(`${open}\n      <system-out>${xmlEscape(text)}</system-out>\n    </testcase>`);
      continue;
    }
    failures += 1;
    const message = xmlEscape(`${spec.severity === 'E' ? 'MUST' : 'SHOULD'} broken: ${found[0]!.detail}`);
    cases.push(
      `${open}\n      <failure message="${message}" type="${spec.severity}">${xmlEscape(text)}</failure>\n    </testcase>`,
    );
  }
  const total = cases.length;
  const time = (result.durationMs / 1000).toFixed(3);
  const suite = xmlEscape(`statuskit check ${result.url}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="statuskit check" tests="${total}" failures="${failures}" time="${time}">`,
    `  <testsuite name="${suite}" tests="${total}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
