/**
 * `statuskit check` probe by probe: a plain node:http API (test/fixtures/defective-api.ts) that is
 * correct by default, with one defect switched on per run. Each check id must be reported when its
 * defect is on, alone, and not when it is off, so every detection can fail both ways. Also: safe
 * mode sends no bodies and no POST/PUT/PATCH/DELETE (asserted from what the server received), and
 * `--openapi` through the built command.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CHECKS,
  type CheckOptions,
  type CheckResult,
  checkApi,
  parseRouteFlag,
  ruleOf,
} from '../src/cli/check/index.js';
import { OVERSIZED_BYTES } from '../src/cli/check/probes-body.js';
import { DEFECTS, type Defect, type Received, startDefectiveApi } from './fixtures/defective-api.js';
import { runNode } from './fixtures/run-node.js';

const ROUTES = ['GET,POST /items', 'GET /limited'].flatMap((f) => parseRouteFlag(f));
const ids = (result: CheckResult): string[] => [...new Set(result.findings.map((f) => f.check))].sort();
const shown = (result: CheckResult): string =>
  result.findings.map((f) => `${f.check}: ${f.detail}`).join('; ');

async function run(
  defects: readonly Defect[],
  options: Partial<CheckOptions> = {},
): Promise<{ result: CheckResult; received: Received[]; connections: number }> {
  const api = await startDefectiveApi(defects);
  try {
    const result = await checkApi({
      url: api.url,
      routes: ROUTES,
      unsafe: true,
      envelope: 'statuskit',
      delayMs: 0,
      ...options,
    });
    return { result, received: api.received, connections: api.connections() };
  } finally {
    await api.close();
  }
}

/** The detections no other test shows firing; each must have a defect below. */
const UNSHOWN_ELSEWHERE = [
  'unknown-route-status',
  'unknown-method',
  'options-status',
  'options-allow',
  'cors-preflight',
  'head-mismatch',
  'head-content-length',
  'malformed-json-status',
  'unsupported-media-type',
  'body-too-large',
  'uri-too-long',
  'retry-after-missing',
  'conditional-get',
  'not-modified-validators',
  'envelope-class-mismatch',
  'error-envelope',
  'success-envelope',
  'error-on-success',
];

/** The request each defect's finding names: which probe caught it. */
const REQUEST: Record<Defect, RegExp> = {
  'unknown-route-200': /^GET \/__statuskit_nonexistent_\w+$/,
  'unknown-method-400': /^FOO \/items$/,
  'options-404': /^OPTIONS \/items$/,
  'options-no-allow': /^OPTIONS \/items$/,
  'preflight-no-cors': /^OPTIONS \/items$/,
  'head-404': /^HEAD \/items$/,
  'head-other-type': /^HEAD \/items$/,
  'head-wrong-length': /^HEAD \/items$/,
  'malformed-422': /^POST \/items$/,
  'text-plain-400': /^POST \/items$/,
  'no-body-limit': /^POST \/items$/,
  'long-uri-dropped': /^GET \/__statuskit_long_a+…\(20018 chars\)$/,
  'long-uri-500': /^GET \/__statuskit_long_a+…\(20018 chars\)$/,
  'no-retry-after': /^GET \/limited$/,
  'etag-ignored': /^GET \/items$/,
  'bare-304': /^GET \/items$/,
  'message-envelope': /^GET \/__statuskit_nonexistent_\w+$/,
  'bare-array': /^GET \/items$/,
  'error-on-200': /^GET \/items$/,
  'success-member-on-404': /^GET \/__statuskit_nonexistent_\w+$/,
};

test('every listed check id has a defect, and every defect names a real check', () => {
  const covered = new Set<string>(Object.values(DEFECTS));
  for (const id of UNSHOWN_ELSEWHERE) assert.ok(covered.has(id), `no defect shows ${id}`);
  for (const id of covered) assert.ok(id in CHECKS, `${id} is not a check id`);
});

describe('each probe on the defective API', () => {
  let baseline: Awaited<ReturnType<typeof run>>;
  before(async () => {
    baseline = await run([]);
  });

  test('with no defect on, the API is clean and every probe was judged', () => {
    const { result, received } = baseline;
    assert.deepEqual(ids(result), [], shown(result));
    assert.deepEqual(result.notEvaluated, []);
    assert.equal(result.truncated, false);
    // The probes behind the checks below all reached the server (and passed).
    const seen = (what: string, ok: (r: Received) => boolean) =>
      assert.ok(received.some(ok), `the server received ${what}`);
    seen('an unknown path', (r) => r.target.startsWith('/__statuskit_nonexistent_'));
    seen('a 20 kB target', (r) => r.via === 'clientError' && r.target.length > 20_000);
    seen('FOO', (r) => r.method === 'FOO' && r.via === 'clientError');
    seen('OPTIONS', (r) => r.method === 'OPTIONS' && r.headers.origin === undefined);
    seen(
      'a preflight',
      (r) => r.method === 'OPTIONS' && r.headers['access-control-request-method'] === 'GET',
    );
    seen('HEAD', (r) => r.method === 'HEAD' && r.target === '/items');
    seen('a conditional GET', (r) => r.headers['if-none-match'] === '"items-v1"');
    seen('malformed JSON', (r) => r.method === 'POST' && r.headers['content-type'] === 'application/json');
    seen('text/plain', (r) => r.method === 'POST' && r.headers['content-type'] === 'text/plain');
    seen(
      '10 MiB + 64 KiB with Expect',
      (r) => r.via === 'checkContinue' && r.headers['content-length'] === String(OVERSIZED_BYTES),
    );
    seen('GET /limited', (r) => r.method === 'GET' && r.target === '/limited');
  });

  for (const [defect, id] of Object.entries(DEFECTS) as [Defect, string][]) {
    test(`${defect}: reports ${id}, and only that`, async () => {
      assert.ok(!ids(baseline.result).includes(id), `${id} on the correct API: ${shown(baseline.result)}`);
      const { result } = await run([defect]);
      assert.deepEqual(ids(result), [id], shown(result));
      const finding = result.findings.find((f) => f.check === id)!;
      assert.match(finding.request, REQUEST[defect]);
      const spec = CHECKS[id as keyof typeof CHECKS];
      assert.equal(finding.severity, spec.severity);
      assert.equal(finding.rule, ruleOf(spec));
      assert.equal(finding.docs, `docs/checks.md#${id}`);
      assert.equal(result.counts.E > 0, spec.severity === 'E');
    });
  }
});

describe('safe mode (no unsafe)', () => {
  const routes = ['GET,POST /items', 'GET,PUT,DELETE /items/1', 'GET /limited'].flatMap((f) =>
    parseRouteFlag(f),
  );
  const BODY_DEFECTS: Defect[] = ['malformed-422', 'text-plain-400', 'no-body-limit'];
  const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];
  const hasBody = (r: Received) =>
    r.bodyBytes > 0 ||
    (r.headers['content-length'] ?? '0') !== '0' ||
    r.headers['transfer-encoding'] !== undefined ||
    r.headers.expect !== undefined;

  test('sends no request bodies and no POST/PUT/PATCH/DELETE; body defects stay unseen', async () => {
    const { result, received, connections } = await run(BODY_DEFECTS, { routes, unsafe: false });
    // Every request the checker sent was recorded: one connection each.
    assert.equal(received.length, result.requests);
    assert.equal(connections, result.requests);
    const methods = [...new Set(received.map((r) => r.method))].sort();
    assert.deepEqual(methods, ['FOO', 'GET', 'HEAD', 'OPTIONS', 'TRACE']);
    assert.deepEqual(
      received.filter((r) => UNSAFE.includes(r.method) || hasBody(r)).map((r) => `${r.method} ${r.target}`),
      [],
    );
    assert.deepEqual(ids(result), [], shown(result));
  });

  test('--unsafe sends bodies, but PUT and PATCH only to ids a GET showed not to exist', async () => {
    const itemRoutes = ['GET,POST /items', 'GET,PUT,DELETE /items/{id}', 'GET /limited'].flatMap((f) =>
      parseRouteFlag(f),
    );
    const { result, received } = await run(BODY_DEFECTS, { routes: itemRoutes, unsafe: true });
    assert.equal(received.length, result.requests);
    // The id came from the collection (GET /items lists item 1), and item 1 was probed.
    assert.ok(
      result.notes.some((n) =>
        n.includes('/items/{id} was probed as /items/1, from an id the collection listed; it exists'),
      ),
    );
    assert.ok(received.some((r) => r.method === 'TRACE' && r.target === '/items/1'));
    const changing = received.filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method));
    assert.ok(changing.length > 0, 'PUT probes were sent');
    for (const r of changing) {
      assert.notEqual(r.method, 'DELETE');
      assert.match(r.target, /^\/items\/statuskit-missing-\w+$/, `${r.method} ${r.target}`);
      const shownMissing = received.some((g) => g.method === 'GET' && g.target === r.target);
      assert.ok(shownMissing, `a GET showed ${r.target} missing first`);
    }
    assert.ok(received.some((r) => r.bodyBytes === OVERSIZED_BYTES));
    assert.ok(received.filter(hasBody).length >= 3);
    assert.deepEqual(ids(result), ['body-too-large', 'malformed-json-status', 'unsupported-media-type']);
    assert.ok(result.notes.some((n) => /POST \/items was sent a text\/plain body/.test(n)));
  });
});

test('the built CLI with --openapi: exit status and findings in --format json', async () => {
  const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  assert.ok(existsSync(main), 'dist/cli/main.js is missing: run npm run build');
  const dir = await mkdtemp(join(tmpdir(), 'statuskit-probes-'));
  const file = join(dir, 'openapi.json');
  await writeFile(
    file,
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'items', version: '1' },
      paths: {
        '/items': { get: {}, post: {} },
        '/items/{id}': { parameters: [{ name: 'id', in: 'path', example: 1 }], get: {}, put: {} },
        '/limited': { get: { responses: { '200': { description: 'ok' } } } },
      },
    }),
  );
  const cli = (url: string) =>
    runNode([main, 'check', url, '--openapi', file, '--format', 'json', '--delay', '0']);
  type Report = { exitCode: number; findings: { check: string; severity: string; request: string }[] };
  const broken = await startDefectiveApi(['head-wrong-length']);
  const clean = await startDefectiveApi([]);
  try {
    const bad = await cli(broken.url);
    assert.equal(bad.code, 1, bad.stderr);
    const report = JSON.parse(bad.stdout) as Report;
    assert.equal(report.exitCode, 1);
    assert.deepEqual(
      report.findings.map((f) => `${f.check} ${f.severity} ${f.request}`),
      ['head-content-length E HEAD /items', 'undeclared-status I GET /limited'],
    );
    // The routes came from the file: its parameter example and every path were probed.
    const targets = new Set(broken.received.map((r) => r.target));
    for (const path of ['/items', '/items/1', '/limited']) assert.ok(targets.has(path), path);

    // The 429 of /limited is not among the statuses its operation declares (200 only).
    const good = await cli(clean.url);
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual(
      (JSON.parse(good.stdout) as Report).findings.map((f) => `${f.check} ${f.request}`),
      ['undeclared-status GET /limited'],
    );
  } finally {
    await Promise.all([broken.close(), clean.close()]);
    await rm(dir, { recursive: true, force: true });
  }
});
