/**
 * The apps the scenario tables and the fuzz test run against: the adapter fixture apps (imported,
 * started in-process) and the example notes APIs (spawned as their own processes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

export interface FixtureApp {
  /** A label for test names, e.g. `Express 4`. */
  label: string;
  /** The file under test/fixtures. */
  file: string;
}

/** Every adapter's fixture app (test/fixtures/README.md). */
export const FIXTURE_APPS: readonly FixtureApp[] = [
  { label: 'node:http', file: 'statuskit-node.ts' },
  { label: 'Express 5', file: 'statuskit-express.ts' },
  { label: 'Express 4', file: 'statuskit-express4.ts' },
  { label: 'Fastify', file: 'statuskit-fastify.ts' },
  { label: 'Hono', file: 'statuskit-hono.ts' },
  { label: 'Koa 3', file: 'statuskit-koa.ts' },
  { label: 'Koa 2', file: 'statuskit-koa2.ts' },
];

export function fixturePath(app: FixtureApp): string {
  return join(ROOT, 'test', 'fixtures', app.file);
}

/** Why a fixture cannot run yet (its file is missing), or undefined when it can. */
export function fixtureMissing(app: FixtureApp): string | undefined {
  return existsSync(fixturePath(app)) ? undefined : `test/fixtures/${app.file} does not exist yet`;
}

/** Imports a fixture file and starts its app. */
export async function startFixture(app: FixtureApp): Promise<RunningApp> {
  const mod = (await import(pathToFileURL(fixturePath(app)).href)) as { startApp?: unknown };
  if (typeof mod.startApp !== 'function') {
    throw new Error(`test/fixtures/${app.file} does not export startApp()`);
  }
  const running = (await (mod.startApp as () => Promise<RunningApp>)()) as RunningApp;
  if (typeof running?.url !== 'string' || typeof running.close !== 'function') {
    throw new Error(`startApp() of test/fixtures/${app.file} did not resolve to { url, close }`);
  }
  return running;
}

/** The frameworks with an example notes API (docs/design/example-app.md). */
export const EXAMPLES = ['express', 'fastify', 'hono', 'koa', 'node'] as const;

export function examplePath(name: string): string {
  return join(ROOT, 'examples', `${name}.ts`);
}

export function exampleMissing(name: string): string | undefined {
  return existsSync(examplePath(name)) ? undefined : `examples/${name}.ts does not exist yet`;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RunningExample extends RunningApp {
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
}

/** A server process started by {@link startServerProcess}. */
export interface ServerProcess {
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
  /** Ends the process (SIGTERM, SIGKILL after 3 s; SIGKILL at once with `hard`). */
  stop(): Promise<void>;
}

/**
 * Spawns a server (`command ...args`, no standard input, output collected) and waits until every
 * port accepts connections on 127.0.0.1; a process that exits first, or a deadline that passes,
 * is a thrown error carrying what it printed. Examples, the status server and the other runtimes
 * start through it.
 *
 * @example
 * const server = await startServerProcess(process.execPath, ['--import', 'tsx', file], { ports: [port], label: file });
 */
export async function startServerProcess(
  command: string,
  args: readonly string[],
  options: {
    ports: readonly number[];
    label: string;
    cwd?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    hard?: boolean;
  },
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      resolve();
    });
  });
  const stop = async () => {
    if (exited !== undefined) return;
    child.kill(options.hard ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (const port of options.ports) {
    while (!(await canConnect(port))) {
      if (exited !== undefined || Date.now() > deadline) {
        await stop();
        const why = exited ?? `did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`;
        throw new Error(`${options.label} ${why}:\n${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { output: () => output, stop };
}

/**
 * Spawns `node --import tsx examples/<name>.ts` with PORT set (the same as
 * `PORT=<port> npx tsx examples/<name>.ts`, without npx's start-up cost) and waits until it
 * accepts connections on 127.0.0.1.
 */
export async function startExample(
  name: string,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<RunningExample> {
  const port = await freePort();
  const server = await startServerProcess(process.execPath, ['--import', 'tsx', examplePath(name)], {
    ports: [port],
    label: `examples/${name}.ts`,
    env: { ...env, PORT: String(port) },
    timeoutMs,
  });
  return { url: `http://127.0.0.1:${port}`, close: server.stop, output: server.output };
}
