/**
 * `statuskit check` as a command: exit status (0 clean, 1 when a MUST is broken, 2 on usage
 * errors and unreachable URLs), and the text, JSON and JUnit outputs.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRawApi } from './fixtures/raw-api.js';
import { type Finished, runNode } from './fixtures/run-node.js';

let api: { url: string; close(): Promise<void> };
before(async () => {
  api = await startRawApi();
});
after(() => api.close());

function check(...args: string[]): Promise<Finished> {
  return runNode(['--import', 'tsx', 'src/cli/main.ts', 'check', ...args], {
    cwd: new URL('..', import.meta.url),
  });
}

test('a clean API: exit 0 and "No findings"', async () => {
  const { code, stdout } = await check(api.url, '--route', 'GET /ok', '--delay', '0');
  assert.equal(code, 0, stdout);
  assert.match(stdout, /No findings\./);
  assert.ok(!stdout.includes('\u001b['), 'no colour when not a TTY');
});

test('a broken MUST: exit 1; text groups findings by severity and check, rule and fix once', async () => {
  const { code, stdout } = await check(
    api.url,
    '--route',
    'GET /bad-204',
    '--route',
    'GET /teapot',
    '--delay',
    '0',
  );
  assert.equal(code, 1);
  assert.match(stdout, /Errors: a MUST is broken/);
  assert.match(stdout, /✗ bodiless-content/);
  assert.match(stdout, /Info: .*\n\n {2}· status-restricted/);
  assert.match(
    stdout,
    /rule RFC 9110 §15\.3\.5, §15\.3\.6, §15\.4\.5; RFC 9112 §6\.3 MUST {3}docs\/checks\.md#bodiless-content/,
  );
  assert.match(stdout, /rule RFC 9110 §15\.4\.6, §15\.4\.7, §15\.5\.19; RFC 2774 convention/);
  assert.match(stdout, /fix {2}Send nothing after the header block/);
  assert.equal(stdout.match(/fix {2}Send nothing after/g)?.length, 1, 'the fix is printed once per check');
  assert.ok(stdout.indexOf('Errors:') < stdout.indexOf('Info:'));
});

test('--format json and --format junit', async () => {
  const json = await check(api.url, '--route', 'GET /bad-204', '--format', 'json', '--delay', '0');
  assert.equal(json.code, 1);
  const report = JSON.parse(json.stdout) as {
    exitCode: number;
    findings: { check: string; severity: string }[];
  };
  assert.equal(report.exitCode, 1);
  assert.ok(report.findings.some((f) => f.check === 'bodiless-content' && f.severity === 'E'));
  const junit = await check(api.url, '--route', 'GET /bad-204', '--format', 'junit', '--delay', '0');
  assert.equal(junit.code, 1);
  assert.match(
    junit.stdout,
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="statuskit check"/,
  );
  // One test case per finding, named by check and request; a check that ran clean passes; one
  // that could not run is skipped with the reason.
  assert.match(
    junit.stdout,
    /<testcase classname="statuskit\.check\.bodiless-content" name="bodiless-content: GET \/bad-204" time="0">\n {6}<failure message="RFC 9110 [^"]+ MUST broken: [^"]+" type="E">/,
  );
  const failures = junit.stdout.match(/<failure /g)?.length ?? 0;
  const errorsAndWarnings = report.findings.filter((f) => f.severity !== 'I').length;
  assert.equal(failures, errorsAndWarnings);
  assert.match(
    junit.stdout,
    new RegExp(`<testsuites name="statuskit check" tests="\\d+" failures="${failures}"`),
  );
  assert.match(
    junit.stdout,
    /<testcase classname="statuskit\.check\.body-too-large" name="body-too-large: [^"]+" time="0">\n {6}<skipped message="needs --unsafe"\/>/,
  );
  assert.match(
    junit.stdout,
    /<testcase classname="statuskit\.check\.allow-missing" name="allow-missing: [^"]+" time="0"><\/testcase>/,
  );
});

test('--envelope takes only statuskit; the help says what --unsafe may create', async () => {
  const bad = await check(api.url, '--envelope', 'jsonapi');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--envelope knows one style: statuskit/);
  const help = await check('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--envelope statuskit/);
  assert.match(help.stdout, /MAY CREATE RECORDS/);
  assert.match(help.stdout, /nothing is sent to change or delete an\s+existing record/);
});

test('usage errors and unreachable URLs exit 2', async () => {
  for (const args of [
    [],
    ['not a url'],
    [api.url, '--format', 'xml'],
    [api.url, '--auth', 'no-colon'],
    [api.url, '--route', 'GET notes'],
  ]) {
    const { code, stderr } = await check(...args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, /^statuskit check: /);
  }
  const gone = await check('http://127.0.0.1:1/', '--max-requests', '3');
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, /cannot reach/);
});
