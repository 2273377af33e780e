// The status server suite (issue 5): `statuskit serve` answering /404 and /200 against a raw
// node:http server writing the same bytes from a fixed buffer. Goal: at least 0.9× its req/s.
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
  return (['404', '200'] as const).flatMap((code): ServerConfig[] => [
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
        text: `statuskit serve /${code}: at least 0.9× the req/s of a raw node:http fixed buffer`,
        row: `serve-${code}`,
        metric: 'rpsRatio' as const,
        comparison: '>=' as const,
        limit: 0.9,
      })),
      notes: [
        'Same status and body bytes; the status server also writes Access-Control-Allow-Origin, a registry reason phrase and, on errors, Cache-Control: no-store. CPU µs/req is the steadier figure on a shared machine.',
      ],
    },
    options,
    log,
  );
};

if (isMain(import.meta.url)) await runSuite('serve', 'statuskit serve vs raw node:http', runServeBench);
