// Smoke test of the benchmark harness: a tiny run against two trivial node:http servers. It checks
// the shape of what the harness produces, never a time.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { measureArrivalRate } from '../bench/harness/arrival.js';
import { canReadProcessCpu } from '../bench/harness/cpu.js';
import { failuresOf, runSuite } from '../bench/harness/main.js';
import { parseBenchOptions } from '../bench/harness/options.js';
import type { SuiteReport } from '../bench/harness/report.js';
import { writeReport } from '../bench/harness/report.js';
import { startServer } from '../bench/harness/server-process.js';
import { runServerSuite } from '../bench/harness/server-suite.js';

const skip = canReadProcessCpu() ? false : 'needs /proc/<pid>/stat (Linux) to read server CPU time';
const server = join(import.meta.dirname, '..', 'bench', 'servers', 'node-http.ts');
const dir = mkdtempSync(join(tmpdir(), 'statuskit-bench-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;

// The two tests run side by side to keep the file to a few seconds.
describe('benchmark harness', { concurrency: 2 }, () => {
  test('a server suite measures, compares with its baseline and writes JSON, Markdown and SVG', {
    skip,
  }, async () => {
    const options = {
      ...parseBenchOptions(['--quick']),
      rounds: 1,
      seconds: 1,
      warmupRequests: 50,
      connections: 2,
      outDir: dir,
    };
    const report = await runServerSuite(
      {
        suite: 'smoke',
        title: 'Harness smoke test',
        configs: [
          {
            id: 'plain',
            label: 'plain 404',
            group: 'g',
            role: 'baseline',
            server: { file: server, args: ['direct'] },
            request: { path: '/x' },
            expectStatus: 404,
          },
          {
            id: 'other',
            label: 'http-errors 404',
            group: 'g',
            role: 'statuskit',
            server: { file: server, args: ['anchor'] },
            request: { path: '/x' },
            expectStatus: 404,
          },
          {
            id: 'later',
            label: 'not written yet',
            group: 'g',
            role: 'anchor',
            server: { file: server },
            request: { path: '/' },
            expectStatus: 200,
            skip: 'no server yet',
          },
        ],
        targets: [{ text: 'impossible', row: 'other', metric: 'cpuRatio', comparison: '<=', limit: 0 }],
      },
      options,
      () => {},
    );
    const files = writeReport(report, dir);
    assert.deepEqual(
      files.map((f) => f.slice(dir.length + 1)),
      ['smoke.json', 'smoke.md', 'smoke.svg'],
    );

    const written = JSON.parse(readFileSync(files[0]!, 'utf8')) as SuiteReport;
    for (const key of [
      'suite',
      'title',
      'date',
      'mode',
      'machine',
      'settings',
      'columns',
      'rows',
      'targets',
    ] as const) {
      assert.ok(key in written, `report has ${key}`);
    }
    const [plain, other, later] = written.rows;
    assert.equal(plain?.values.rpsRatio, 1);
    assert.equal(plain?.values.cpuRatio, 1);
    for (const row of [plain, other]) {
      assert.equal(row?.warning, undefined, `${row?.id} answered the expected status`);
      for (const key of ['rps', 'rpsRatio', 'cpuUs', 'cpuRatio', 'p50Ms', 'p99Ms', 'p50Ratio', 'p99Ratio']) {
        assert.ok(
          positive(row?.values[key]),
          `${row?.id}.${key} = ${row?.values[key]} is finite and positive`,
        );
      }
      assert.ok(positive(row?.chartRatio));
    }
    assert.equal(later?.skipped, 'no server yet');
    assert.equal(written.targets[0]?.met, false);

    const markdown = readFileSync(files[1]!, 'utf8');
    assert.match(markdown, /\| group \| configuration \| req\/s \|/);
    assert.match(markdown, /\*\*MISSED\*\*: impossible/);
    assert.match(markdown, /skipped: no server yet/);
    const svg = readFileSync(files[2]!, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\n$/);
    assert.equal((svg.match(/<rect /g) ?? []).length, 1 + 2, 'a background and one bar per measured row');
  });

  test('the constant-arrival-rate mode reports goodput and admitted latency', { skip }, async () => {
    const running = await startServer({ file: server, args: ['json'] });
    try {
      const sample = await measureArrivalRate(running, { path: '/ok' }, { rate: 100, seconds: 1 });
      assert.equal(sample.offeredRate, 100);
      for (const key of [
        'admittedRate',
        'goodRate',
        'admittedP50Ms',
        'admittedP99Ms',
        'cpuPerRequestUs',
      ] as const) {
        assert.ok(positive(sample[key]), `${key} = ${sample[key]} is finite and positive`);
      }
      assert.ok(sample.goodRate <= sample.admittedRate);
      assert.equal(sample.statuses['200'] !== undefined, true);
    } finally {
      await running.stop();
    }
  });
});

test('a suite that throws is reported as failed, written, and fails the process', async () => {
  const options = { ...parseBenchOptions(['--quick']), outDir: dir };
  const exitCode = process.exitCode;
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => lines.push(line);
  let report: SuiteReport;
  try {
    report = await runSuite(
      'broken',
      'A broken suite',
      async () => {
        throw new Error('server did not start');
      },
      options,
    );
  } finally {
    console.log = log;
    assert.equal(process.exitCode, 1, 'the run ends in failure');
    process.exitCode = exitCode;
  }
  assert.match(report.skipped ?? '', /^failed: Error: server did not start/);
  assert.deepEqual(failuresOf(report), ['broken: failed: Error: server did not start']);
  assert.ok(lines.some((l) => l.startsWith('skipped: failed: Error: server did not start')));
  assert.match(readFileSync(join(dir, 'broken.md'), 'utf8'), /failed: Error: server did not start/);
});

test('failuresOf names a group that broke, not rows skipped on purpose', () => {
  const row = (id: string, group: string, skipped?: string) => ({
    id,
    label: id,
    group,
    role: 'statuskit' as const,
    values: {},
    ...(skipped ? { skipped } : {}),
  });
  const report = {
    suite: 's',
    rows: [row('a', 'g1', 'not written yet'), row('b', 'g2', 'failed: boom'), row('c', 'g2', 'failed: boom')],
  } as unknown as SuiteReport;
  assert.deepEqual(failuresOf(report), ['s: g2: failed: boom']);
});

test('bench options are read with parseArgs: values, defaults, and clear errors', () => {
  const quick = parseBenchOptions(['--quick', '--only', 'Fastify', '--rounds=4']);
  assert.equal(quick.quick, true);
  assert.equal(quick.rounds, 4);
  assert.equal(quick.seconds, 1, 'the quick default');
  assert.deepEqual(quick.only, ['Fastify']);
  assert.deepEqual(parseBenchOptions(['--only', 'Hono', '--only', 'Koa']).only, ['Hono', 'Koa']);
  assert.match(quick.outDir, /results[/\\]quick$/);
  const full = parseBenchOptions([]);
  assert.equal(full.quick, false);
  assert.equal(full.rounds, 3);
  assert.equal(full.only, undefined);
  assert.throws(() => parseBenchOptions(['--rounds', 'x']), /--rounds takes a positive number; got "x"/);
  assert.throws(() => parseBenchOptions(['--seconds', '0']), /--seconds takes a positive number/);
  assert.throws(() => parseBenchOptions(['--roundz', '3']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
});
