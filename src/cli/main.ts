#!/usr/bin/env node
/**
 * The `statuskit` command: look up codes, serve every status for client tests, check a running API.
 * Lookups import only the registry, so they start fast; serve and check load on demand.
 */
import { runLookup } from './lookup.js';

const HELP = `statuskit — HTTP status codes, right

Usage:
  statuskit <code>             show a code's card (e.g. statuskit 404)
  statuskit <words…>           search phrases, legacy phrases and descriptions (e.g. statuskit too large)
  statuskit list [1xx…5xx]     list every code, or one class
  statuskit serve [--host H] [--port P] [--max-sleep MS]…
                               run the status server (every code, faults, ranges, redirects,
                               a reference page); statuskit serve --help lists every option
  statuskit check <url> [--route "METHOD /path"]… [--openapi FILE] [--unsafe] [--envelope statuskit]
                [--format text|json|junit]
                               probe a running API for status-code misuse; statuskit check
                               --help says what --unsafe may create

Options:
  --json        machine-readable output for lookups
  -h, --help    this help
  -v, --version the version
`;

type Run = (argv: string[]) => Promise<number>;
const SERVE = './serve/index.js';
const CHECK = './check/index.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'serve') return ((await import(SERVE)) as { runServe: Run }).runServe(rest);
  if (command === 'check') return ((await import(CHECK)) as { runCheck: Run }).runCheck(rest);
  if (command === '-h' || command === '--help' || command === 'help' || command === undefined) {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  return runLookup(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`statuskit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
