import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processCpuMicros } from './cpu.js';
import { pinning } from './pinning.js';

/** How to start one server under test. */
export interface ServerSpec {
  /** A TypeScript or JavaScript file run with `node --import tsx` (statuskit from `dist/`), so the pid is the server's own. */
  file?: string;
  /** Or a whole command line (`[executable, ...args]`); `{port}` in an argument becomes the port. */
  command?: readonly string[];
  /** Extra arguments after `file`; `{port}` becomes the port. */
  args?: readonly string[];
  env?: Record<string, string>;
  /**
   * `'stdout'` (default): the child listens on port 0 and prints `port=<n>` (or `…127.0.0.1:<n>`) on
   * stdout. `'env'`: the harness picks a free port, passes it as `PORT` and `{port}`, and waits
   * until the port accepts connections.
   */
  port?: 'stdout' | 'env';
  /** How long to wait for the server to come up. Default 15 s. */
  startTimeoutMs?: number;
  /**
   * Run on the servers' core (default). `false` leaves it with the load generator, for helpers
   * such as Redis that should not take CPU from the server being measured.
   */
  pinned?: boolean;
}

/** A started server: where it listens and what CPU it has used. */
export interface RunningServer {
  readonly pid: number;
  readonly port: number;
  readonly origin: string;
  /** User + system CPU time the server has used so far, in microseconds. */
  cpuMicros(): number;
  stop(): Promise<void>;
}

const PORT_LINE = /(?:\bport\s*[=:]\s*|127\.0\.0\.1:|localhost:)(\d{2,5})\b/i;

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Servers import statuskit by its package names (`statuskit/express`), and run with the build's
 * tsconfig, which has no `paths`: so, as in an app, the names resolve to the built package in
 * `dist/`, not to `src/`. Through tsx, `src/` would be compiled with esbuild's `keepNames`, which
 * adds an `Object.defineProperty` call to every closure made per request: measured at about 2 µs
 * per request on Express's rate-limit path, a cost the published code does not have.
 */
const PACKAGE_ENV = { TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.build.json') };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.includes('.test.')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Throws unless `dist/` holds a build at least as new as every source file under `src/`. */
export function assertBuilt(): void {
  const entry = join(ROOT, 'dist', 'index.js');
  const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  if (builtAt < newestMtime(join(ROOT, 'src'))) {
    throw new Error(
      `The benchmarks run the built package, and dist/ is ${builtAt === 0 ? 'missing' : 'older than src/'}: run \`npm run build\` first (the npm bench scripts do).`,
    );
  }
}

/**
 * Imports a module of the built package, `dist/<file>`, for the suites that time statuskit
 * in-process; stops first, as {@link assertBuilt} does, when the build is missing or stale.
 *
 * @example
 * const { NotFoundError } = await importBuilt<typeof import('../../src/index.js')>('index.js');
 */
export function importBuilt<T>(file: string): Promise<T> {
  assertBuilt();
  return import(pathToFileURL(join(ROOT, 'dist', file)).href) as Promise<T>;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Starts a server under test as a child process on 127.0.0.1 and resolves once it listens.
 * The child gets `NODE_ENV=production` and `HOST=127.0.0.1`; its stderr is passed through.
 *
 * @example
 * const server = await startServer({ file: 'bench/servers/node-http.ts', args: ['direct'] });
 */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const wanted = spec.port === 'env' ? await freePort() : 0;
  const fill = (arg: string) => arg.replaceAll('{port}', String(wanted));
  const prefix = pinning().serverPrefix; // also pins this process, before any child is spawned
  // taskset execs the command, so the child's pid (whose CPU time is read) stays the server's own.
  const argv = [
    ...(spec.pinned === false ? [] : prefix),
    ...(spec.command
      ? spec.command.map(fill)
      : [process.execPath, '--import', 'tsx', spec.file ?? '', ...(spec.args ?? []).map(fill)]),
  ];
  if (!spec.command && !spec.file) throw new Error('A server spec needs a file or a command.');
  if (!spec.command) assertBuilt();
  const child = spawn(argv[0]!, argv.slice(1), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ...(spec.command ? {} : PACKAGE_ENV),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(wanted),
      ...spec.env,
    },
  });
  const timeoutMs = spec.startTimeoutMs ?? 15_000;
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    let settled = false;
    const finish = (error: Error | null, value = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (error) reject(error);
      else resolve(value);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`${argv.slice(1).join(' ')} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) =>
      finish(new Error(`${argv.slice(1).join(' ')} exited with ${code} before listening`)),
    );
    child.once('error', (error) => finish(error));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (settled) return;
      output = (output + chunk).slice(-4096);
      const match = spec.port === 'env' ? null : PORT_LINE.exec(output);
      if (match) finish(null, Number(match[1]));
    });
    const poll = setInterval(() => {
      if (spec.port === 'env') void canConnect(wanted).then((ok) => ok && finish(null, wanted));
    }, 50);
  });
  child.stdout?.resume();
  return running(child, port);
}

function running(child: ChildProcess, port: number): RunningServer {
  const pid = child.pid ?? 0;
  return {
    pid,
    port,
    origin: `http://127.0.0.1:${port}`,
    cpuMicros: () => processCpuMicros(pid),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
