/**
 * `statuskit serve`: a server that answers any status code correctly, for testing HTTP clients,
 * with a browsable reference of the codes at `/` (README, `statuskit serve`).
 *
 * @module
 */
import { parseArgs, styleText } from 'node:util';
import { allowedOrigin, type ServeLimits } from './limits.js';
import { type StatusServer, startStatusServer } from './server.js';

export { type StatusServer, type StatusServerOptions, startStatusServer } from './server.js';

const HELP = `Usage: statuskit serve [options]

Answers any status code for testing HTTP clients, with a reference page at /.

Options:
  --host HOST              address to listen on (default 127.0.0.1)
  --port PORT              port (default $PORT, else 3000; 0 picks a free one)
  --max-sleep MS           the longest total wait of one answer (default 30000, at most 3600000)
  --max-delayed N          answers held open by waits at once; one more gets 503 (default 10000)
  --max-redirects N        the longest /redirect/{n} chain (default 20)
  --max-range-bytes N      the largest /range/{n} (default 102400)
  --redirect-allow ORIGIN  an origin /redirect-to and a Location header may point at (repeatable)
  -h, --help               this help

Endpoints (any method unless said):
  /<code>                  that status (100–599) with the headers it calls for; 1xx as interim responses
  /<code>/any/path         the same, so a client's base URL can point at a failing host
  /random/<codes>          one of them: 200,503 · ranges 200,500-504 · weights 200:90,503:10
                           or 200:0.7,500-599:0.3 (a range shares its weight)
  /206, /range/<n>         honour Range: 206 + Content-Range when asked, 416 bytes */n, else 200 (GET)
  /etag/<etag>             ETag "<etag>": 304 on If-None-Match, 412 on a failing If-Match (GET, HEAD)
  /cache, /cache/<s>       ETag + Last-Modified: 304 on If-None-Match / If-Modified-Since (GET, HEAD)
  /redirect/<n>            a chain of n redirects ending at /200 (?status=301|302|303|307|308)
  /redirect-to?url=U       one redirect to a path here, this origin, or a --redirect-allow origin
  /codes, /codes/<code>    the registry as JSON
  /                        the reference page, with a "try it" builder

Options of every answer, as query parameters or request headers:
  sleep=<ms>               Statuskit-Sleep               wait before the headers
  sleepAfterHeaders=<ms>   Statuskit-Sleep-After-Headers wait between the headers and the body
  abort=<point>            Statuskit-Abort               close the connection: before-headers, after-headers
                                                         or mid-body (after half the body)
  dribble=<bytes>:<ms>     Statuskit-Dribble             send the body <bytes> at a time, a step every <ms>
  message=<text>           Statuskit-Message             replace the message (at most 200 characters)
  retryAfter=<s>           Statuskit-Retry-After         set Retry-After in seconds
  header=<Name>:<Value>    Statuskit-Response-<Name>     add a response header (repeatable); Location and
                                                         Retry-After replace the defaults; hop-by-hop and
                                                         framing headers are refused
All waits of one answer add up to at most --max-sleep. A bad value is a 400 naming it.
Errors come as {"error": …}, or as problem details with Accept: application/problem+json.
`;

const NUMBER_FLAGS = [
  ['max-sleep', 'maxSleepMs', 0, 3_600_000],
  ['max-delayed', 'maxDelayed', 1, 1_000_000],
  ['max-redirects', 'maxRedirects', 1, 1000],
  ['max-range-bytes', 'maxRangeBytes', 0, 104_857_600],
] as const;

/**
 * Reads the limit flags; returns the sentence naming a bad one.
 *
 * @example
 * parseLimits({ 'max-sleep': '5000' }) // { maxSleepMs: 5000 }
 */
function parseLimits(values: Record<string, unknown>): Partial<ServeLimits> | string {
  const limits: { -readonly [K in keyof ServeLimits]?: ServeLimits[K] } = {};
  for (const [flag, key, min, max] of NUMBER_FLAGS) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max)
      return `--${flag} must be a whole number from ${min} to ${max}; got ${JSON.stringify(text.slice(0, 24))}.`;
    limits[key] = Number(text);
  }
  const origins = values['redirect-allow'];
  if (Array.isArray(origins)) {
    const allowed: string[] = [];
    for (const text of origins as string[]) {
      const origin = allowedOrigin(text);
      if (origin === undefined)
        return `--redirect-allow takes an origin such as https://example.org (no path); got ${JSON.stringify(text.slice(0, 60))}.`;
      allowed.push(origin);
    }
    limits.redirectAllow = allowed;
  }
  return limits;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) return Number.NaN;
  return Number(text);
}

const colour = (format: Parameters<typeof styleText>[0], text: string): string =>
  process.stdout.isTTY && !process.env.NO_COLOR ? styleText(format, text) : text;

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Runs `statuskit serve` until SIGINT or SIGTERM; returns the exit code (2 on a usage error,
 * 1 when the port cannot be used).
 *
 * @example
 * process.exitCode = await runServe(['--port', '8080']);
 */
export async function runServe(argv: string[]): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'max-sleep': { type: 'string' },
        'max-delayed': { type: 'string' },
        'max-redirects': { type: 'string' },
        'max-range-bytes': { type: 'string' },
        'redirect-allow': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`statuskit serve: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port =
    parsePort(values.port as string | undefined) ?? parsePort(process.env.PORT || undefined) ?? 3000;
  if (Number.isNaN(port)) {
    process.stderr.write(`statuskit serve: the port must be a number from 0 to 65535.\n`);
    return 2;
  }
  const limits = parseLimits(values);
  if (typeof limits === 'string') {
    process.stderr.write(`statuskit serve: ${limits}\n`);
    return 2;
  }
  let running: StatusServer;
  try {
    running = await startStatusServer({
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port,
      ...limits,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0)` : e.message;
    process.stderr.write(`statuskit serve: cannot listen: ${why}\n`);
    return 1;
  }
  process.stdout.write(
    `${colour('bold', 'statuskit serve')} listening on ${colour('cyan', running.url)}\n` +
      `  reference page ${running.url}/   try ${running.url}/418 or ${running.url}/random/200:90,500-504:10\n` +
      '  Ctrl+C to stop\n',
  );
  const signal = await waitForSignal();
  await running.close();
  process.stdout.write(`statuskit serve: stopped (${signal})\n`);
  return 0;
}
