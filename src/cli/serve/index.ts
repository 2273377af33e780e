/**
 * `statuskit serve`: a server that answers any status code correctly, for testing HTTP clients,
 * with a browsable reference of the codes at `/` (CONTRACT §8).
 *
 * @module
 */
import { parseArgs, styleText } from 'node:util';
import { type StatusServer, startStatusServer } from './server.js';

export { type StatusServer, type StatusServerOptions, startStatusServer } from './server.js';

const HELP = `Usage: statuskit serve [--host HOST] [--port PORT]

Answers any status code for testing HTTP clients, with a reference page at /.
  --host HOST   address to listen on (default 127.0.0.1)
  --port PORT   port (default $PORT, else 3000; 0 picks a free one)

Routes:
  /<code>                  that status (100–599), any method; 1xx as real interim responses
      ?sleep=<ms>          wait first (at most 10000)
      ?message=<text>      replace the message (at most 200 characters)
      ?retryAfter=<s>      set Retry-After in seconds
  /random/200,503          one of the codes; weighted: /random/200:90,503:10
  /codes, /codes/<code>    the registry as JSON
  /                        the reference page
Errors come as {"error": …}, or as problem details with Accept: application/problem+json.
`;

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
  let values: { host?: string | undefined; port?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const port = parsePort(values.port) ?? parsePort(process.env.PORT || undefined) ?? 3000;
  if (Number.isNaN(port)) {
    process.stderr.write(`statuskit serve: the port must be a number from 0 to 65535.\n`);
    return 2;
  }
  let running: StatusServer;
  try {
    running = await startStatusServer({ host: values.host ?? '127.0.0.1', port });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0)` : e.message;
    process.stderr.write(`statuskit serve: cannot listen: ${why}\n`);
    return 1;
  }
  process.stdout.write(
    `${colour('bold', 'statuskit serve')} listening on ${colour('cyan', running.url)}\n` +
      `  reference page ${running.url}/   try ${running.url}/418 or ${running.url}/random/200:90,503:10\n` +
      '  Ctrl+C to stop\n',
  );
  const signal = await waitForSignal();
  await running.close();
  process.stdout.write(`statuskit serve: stopped (${signal})\n`);
  return 0;
}
