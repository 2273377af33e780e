// The core suite: nanoseconds per operation for constructing a 404, and for constructing
// and normalising it into status + body, with statuskit, http-errors and Boom, beside new Error().
// `npm run bench:core [-- --quick]`
import Boom from '@hapi/boom';
import createError from 'http-errors';
import { isMain, runSuite, type SuiteRunner } from './harness/main.js';
import { pairedRatio, runMicro } from './harness/micro.js';
import { machineInfo } from './harness/options.js';
import { checkTarget, type ReportRow, type Role } from './harness/report.js';
import { importBuilt } from './harness/server-process.js';
import { round } from './harness/stats.js';

type Statuskit = typeof import('../src/index.js');

interface Case {
  id: string;
  label: string;
  group: 'construct' | 'construct + normalise';
  role: Role;
  fn: () => unknown;
}

/**
 * What each library does to get from "not found" to something a server can send. statuskit is
 * the built package (`dist/`), as an app imports it: `src/` run through tsx would carry esbuild's
 * `__name` wrappers on every closure.
 */
function cases({ createErrorResponder, NotFoundError }: Statuskit): Case[] {
  const respond = createErrorResponder({ logger: false });
  return [
    {
      id: 'error-new',
      label: 'new Error()',
      group: 'construct',
      role: 'baseline',
      fn: () => new Error('Not found'),
    },
    {
      id: 'statuskit-new',
      label: 'statuskit: new NotFoundError()',
      group: 'construct',
      role: 'statuskit',
      fn: () => new NotFoundError(),
    },
    {
      id: 'http-errors-new',
      label: 'http-errors: createError(404)',
      group: 'construct',
      role: 'anchor',
      fn: () => createError(404),
    },
    {
      id: 'boom-new',
      label: 'Boom: Boom.notFound()',
      group: 'construct',
      role: 'anchor',
      fn: () => Boom.notFound(),
    },
    {
      id: 'error-normalise',
      label: 'new Error() + JSON body',
      group: 'construct + normalise',
      role: 'baseline',
      fn: () => {
        const error = new Error('Not found');
        return { status: 404, body: JSON.stringify({ error: error.message }) };
      },
    },
    {
      id: 'statuskit-normalise',
      label: 'statuskit: respond(new NotFoundError())',
      group: 'construct + normalise',
      role: 'statuskit',
      fn: () => respond(new NotFoundError()),
    },
    {
      id: 'http-errors-normalise',
      label: 'http-errors: createError(404) + JSON body',
      group: 'construct + normalise',
      role: 'anchor',
      fn: () => {
        const error = createError(404);
        const message = error.expose ? error.message : 'Internal server error';
        return { status: error.status, body: JSON.stringify({ error: message }) };
      },
    },
    {
      id: 'boom-normalise',
      label: 'Boom: notFound().output + JSON body',
      group: 'construct + normalise',
      role: 'anchor',
      fn: () => {
        const { output } = Boom.notFound();
        return { status: output.statusCode, headers: output.headers, body: JSON.stringify(output.payload) };
      },
    },
  ];
}

export const runCore: SuiteRunner = async (options, log) => {
  const statuskit = await importBuilt<Statuskit>('index.js');
  const CASES = cases(statuskit);
  const samples = options.quick ? 7 : 21;
  const batchMs = options.quick ? 30 : 60;
  log(`  ${CASES.length} operations × ${samples} samples of ~${batchMs} ms each…`);
  const results = runMicro(CASES, { samples, batchMs });
  const byId = new Map(results.map((r) => [r.id, r]));
  const rows: ReportRow[] = CASES.map((c) => {
    const own = byId.get(c.id)!;
    const prefix = c.group === 'construct' ? 'new' : 'normalise';
    const baseline = byId.get(`error-${prefix}`)!;
    const httpErrors = byId.get(`http-errors-${prefix}`)!;
    const ratio = round(pairedRatio(own, baseline));
    return {
      id: c.id,
      label: c.label,
      group: c.group,
      role: c.role,
      values: {
        ns: round(own.medianNs),
        spread: `${(own.spread * 100).toFixed(1)} %`,
        ratio,
        vsHttpErrors: round(pairedRatio(httpErrors, own)),
      },
      chartRatio: ratio,
    };
  });
  const speedup = (id: string) => rows.find((r) => r.id === id)!.values.vsHttpErrors as number;
  const targets = [
    checkTarget(
      'statuskit constructs a 404 ≥ 10× faster than http-errors createError(404)',
      'statuskit-new',
      speedup('statuskit-new'),
      '>=',
      10,
    ),
    checkTarget(
      'statuskit constructs + normalises a 404 ≥ 10× faster than http-errors',
      'statuskit-normalise',
      speedup('statuskit-normalise'),
      '>=',
      10,
    ),
  ];
  return {
    suite: 'core',
    title: 'Core: a 404, constructed and normalised',
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(),
    settings: { samples, batchMs, method: 'in-process batches, rotating order, median of samples' },
    columns: [
      { key: 'ns', label: 'ns/op' },
      { key: 'spread', label: 'spread' },
      { key: 'ratio', label: '× new Error()' },
      { key: 'vsHttpErrors', label: 'http-errors ÷ this' },
    ],
    rows,
    chartMetric: 'ns per operation, ratio to new Error() in the same group',
    lowerIsBetter: true,
    targets,
    notes: [
      'statuskit is the built package (dist/), as an app imports it.',
      'statuskit 4xx errors capture no stack trace by default; http-errors, Boom and new Error() do.',
      'respond = createErrorResponder({ logger: false }), made once (as an adapter does) and called per error; the http-errors row reads status, message and expose and stringifies the body.',
      '"http-errors ÷ this" is how many times faster than http-errors the row is (median of paired samples).',
    ],
    raw: results,
  };
};

if (isMain(import.meta.url)) await runSuite('core', 'Core: a 404, constructed and normalised', runCore);
