/**
 * `statuskit check <url>`: probes a running API from outside and reports every status-code misuse
 * with the rule it breaks (docs/checks.md lists every check).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { checkApi } from './check-api.js';
import { jsonReport, junitReport } from './report-machine.js';
import { textReport } from './report-text.js';
import { parseRouteFlag, readOpenApi } from './routes.js';
import type { Route } from './types.js';

export { CHECKS, type CheckId, type CheckSpec, docsLink, type Level, ruleOf } from './catalogue.js';
export { checkApi } from './check-api.js';
export { jsonReport, junitReport } from './report-machine.js';
export { textReport } from './report-text.js';
export { loadOpenApi, parseRouteFlag, readOpenApi, routesFromOpenApi } from './routes.js';
export type { CheckOptions, CheckResult, Finding, NotEvaluated, Route, Severity } from './types.js';

const HELP = `Usage: statuskit check <url> [options]

Probes a running API and reports status-code misuse, each finding with its rule and a fix.
  --route "METHOD /path"   a known route; repeatable; "GET,POST /notes", "GET /notes/{id}"
  --openapi FILE           read the routes from an OpenAPI 3 file (JSON, or YAML
                           with the yaml package installed)
  --auth "Header: value"   send this header (e.g. "Authorization: Bearer t"); repeatable
  --unsafe                 also send bodies (malformed JSON, text/plain, 10 MiB + 64 KiB);
                           POST goes to collections and MAY CREATE RECORDS there (the
                           text/plain body, where accepted; with --openapi one example
                           record per create operation); PUT and PATCH go only to ids a GET
                           showed not to exist; nothing is sent to change or delete an
                           existing record
  --envelope statuskit     also check statuskit's own {"error"} / {"success","data"} envelope
  --format text|json|junit output (default text)
  --max-requests N         request budget (default 200)
  --delay MS               pause between requests (default 20)
  --timeout MS             time allowed per request (default 5000)
Safe by default: GET, HEAD, OPTIONS, TRACE and an unknown method token only. Ids for item
routes ("/notes/{id}") come from the collection's GET, OpenAPI examples, else 1.
Severity: E a MUST is broken, W a SHOULD, I a MAY or a convention; each check is described
in docs/checks.md of the statuskit repository.
Exit status: 1 when a MUST is broken (an E finding), 2 on a usage error or an unreachable URL, else 0.

Example (an API on port 3000 with a notes collection, a write token and a route that fails):
  statuskit check http://127.0.0.1:3000 --unsafe --auth "Authorization: Bearer write-token" \\
    --route "GET,POST /notes" --route "GET,PUT,DELETE /notes/{id}" --route "GET /crash"
`;

function whole(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

function parseAuth(values: readonly string[]): [string, string][] {
  return values.map((text) => {
    const colon = text.indexOf(':');
    const name = text.slice(0, colon).trim();
    const value = text.slice(colon + 1).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^`|~\w-]+$/.test(name) || /[\r\n\0]/.test(value))
      throw new Error(
        `--auth wants "Header: value" (e.g. "Authorization: Bearer token"); got ${JSON.stringify(text)}.`,
      );
    return [name, value];
  });
}

function progress(done: number, planned: number, label: string): void {
  const line = `[${done + 1}/${planned}] ${label}`;
  const width = process.stderr.columns ?? 80;
  process.stderr.write(`\r\x1b[2K${line.length >= width ? `${line.slice(0, width - 2)}…` : line}`);
}

/**
 * Runs `statuskit check` and returns the exit status: 1 when a MUST is broken, 2 on a usage
 * error or an unreachable URL, else 0.
 *
 * @example
 * process.exitCode = await runCheck(['http://127.0.0.1:3000', '--route', 'GET /notes']);
 */
export async function runCheck(argv: string[]): Promise<number> {
  let url: string;
  let format: string;
  let routes: Route[] = [];
  let options: {
    auth: [string, string][];
    maxRequests?: number;
    delayMs?: number;
    timeoutMs?: number;
    unsafe: boolean;
    envelope?: 'statuskit';
    openapi?: unknown;
  };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        route: { type: 'string', multiple: true },
        openapi: { type: 'string' },
        auth: { type: 'string', multiple: true },
        unsafe: { type: 'boolean' },
        envelope: { type: 'string' },
        format: { type: 'string' },
        'max-requests': { type: 'string' },
        delay: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new Error('give exactly one URL to check.');
    url = positionals[0]!;
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new Error('the URL must be http:// or https://.');
    format = values.format ?? 'text';
    if (!['text', 'json', 'junit'].includes(format)) throw new Error('--format must be text, json or junit.');
    for (const r of values.route ?? []) routes.push(...parseRouteFlag(r));
    if (values.envelope !== undefined && values.envelope !== 'statuskit')
      throw new Error('--envelope knows one style: statuskit.');
    options = { auth: parseAuth(values.auth ?? []), unsafe: values.unsafe === true };
    if (values.envelope === 'statuskit') options.envelope = 'statuskit';
    if (values.openapi) {
      const { document, routes: declared } = await readOpenApi(values.openapi);
      routes = [...routes, ...declared];
      options.openapi = document;
    }
    const maxRequests = whole(values['max-requests'], '--max-requests', 1, 10_000);
    const delayMs = whole(values.delay, '--delay', 0, 60_000);
    const timeoutMs = whole(values.timeout, '--timeout', 100, 600_000);
    if (maxRequests !== undefined) options.maxRequests = maxRequests;
    if (delayMs !== undefined) options.delayMs = delayMs;
    if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  } catch (error) {
    process.stderr.write(`statuskit check: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const tty = process.stderr.isTTY === true;
  let result: Awaited<ReturnType<typeof checkApi>>;
  try {
    result = await checkApi({ url, routes, ...options, ...(tty ? { onProgress: progress } : {}) });
  } catch (error) {
    if (tty) process.stderr.write('\r\x1b[2K');
    process.stderr.write(`statuskit check: ${(error as Error).message}\n`);
    return 2;
  } finally {
    if (tty) process.stderr.write('\r\x1b[2K');
  }
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const text =
    format === 'json'
      ? jsonReport(result)
      : format === 'junit'
        ? junitReport(result)
        : textReport(result, { colour });
  process.stdout.write(text);
  return result.counts.E > 0 ? 1 : 0;
}
