// The status server suite: `statuskit serve` answering /404 and /200 against a raw node:http
// server writing the same bytes from a fixed buffer (goal: at least 0.95× its req/s), plus two
// rows against the /200 baseline: a response header asked for in the query, and /random with a
// range and decimal weights.
// `npm run bench:serve [-- --quick]`
import { join } from 'node:path';
import { isMain, runSuite, type SuiteRunner } from './harness/main.js';
import { assertBuilt } from './harness/server-process.js';
import { runServerSuite, type ServerConfig } from './harness/server-suite.js';

const SERVERS = join(import.meta.dirname, 'servers');

/** The suite's configurations: per code, the raw baseline and the status server. */
export function serveConfigs(): ServerConfig[] {
  // The CLI as it ships; it prints `listening on http://127.0.0.1:<port>`, which gives the port.
  const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
  const statusServer = { command: [process.execPath, cli, 'serve', '--host', '127.0.0.1', '--port', '0'] };
  const extra: ServerConfig[] = [
    {
      id: 'serve-header',
      label: 'statuskit serve /200?header=X-Trace:abc (a response header on request)',
      group: '/200',
      role: 'statuskit',
      server: statusServer,
      request: { path: '/200?header=X-Trace:abc' },
      expectStatus: 200,
    },
    {
      // Every draw is 200 so the status stays checkable; the spec is parsed and drawn per request.
      id: 'serve-random',
      label: 'statuskit serve /random/200-200:0.7,200:0.3 (a range and decimal weights)',
      group: '/200',
      role: 'statuskit',
      server: statusServer,
      request: { path: '/random/200-200:0.7,200:0.3' },
      expectStatus: 200,
    },
  ];
  const perCode = (['404', '200'] as const).flatMap((code): ServerConfig[] => [
    {
      id: `raw-${code}`,
      label: `node:http, fixed ${code} buffer`,
      group: `/${code}`,
      role: 'baseline',
      server: { file: join(SERVERS, 'raw-buffer.ts'), args: [code] },
      request: { path: `/${code}` },
      expectStatus: Number(code),
    },
    {
      id: `serve-${code}`,
      label: `statuskit serve /${code}`,
      group: `/${code}`,
      role: 'statuskit',
      server: statusServer,
      request: { path: `/${code}` },
      expectStatus: Number(code),
    },
  ]);
  return [...perCode, ...extra];
}

export const runServeBench: SuiteRunner = (options, log) => {
  assertBuilt();
  return runServerSuite(
    {
      suite: 'serve',
      title: 'statuskit serve vs raw node:http',
      chart: 'rps',
      configs: serveConfigs(),
      targets: ['404', '200'].map((code) => ({
        text: `statuskit serve /${code}: at least 0.95× the req/s of a raw node:http fixed buffer`,
        row: `serve-${code}`,
        metric: 'rpsRatio' as const,
        comparison: '>=' as const,
        limit: 0.95,
      })),
      notes: [
        'Same status and body bytes; the status server also writes Access-Control-Allow-Origin, a registry reason phrase and, on errors, Cache-Control: no-store. CPU µs/req is the steadier figure on a shared machine.',
        'The header and random rows are measured against the /200 baseline: they parse the query, and the header row writes two more header fields (X-Trace and Access-Control-Expose-Headers), the random row Cache-Control: no-store.',
      ],
    },
    options,
    log,
  );
};

if (isMain(import.meta.url)) await runSuite('serve', 'statuskit serve vs raw node:http', runServeBench);
