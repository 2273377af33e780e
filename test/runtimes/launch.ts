/**
 * Builds the portable Hono fixture app for Bun, Deno and workerd (one esbuild bundle each, from
 * the package's dist/ through its own name) and starts it on 127.0.0.1 under that runtime. The
 * runtimes are the `bun`, `deno` and `workerd` binaries the npm packages of the same names ship
 * (workerd comes with `wrangler`); a missing one makes its tests skip with a message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { freePort } from '../scenarios/apps.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));

export type RuntimeName = 'Bun' | 'Deno' | 'workerd';

interface Runtime {
  /** The binary under node_modules/.bin. */
  binary: string;
  /** The entry file under test/runtimes. */
  entry: string;
  /** The command line, given the bundle, the port and the folder the bundle is in. */
  args(bundle: string, port: number, dir: string): string[];
}

const RUNTIMES: Record<RuntimeName, Runtime> = {
  Bun: { binary: 'bun', entry: 'serve-bun.ts', args: (bundle) => ['run', bundle] },
  Deno: {
    binary: 'deno',
    entry: 'serve-deno.ts',
    args: (bundle) => ['run', '--allow-net', '--allow-env=PORT', '--no-prompt', '--no-config', bundle],
  },
  workerd: {
    binary: 'workerd',
    entry: 'worker.ts',
    args: (_bundle, port, dir) => {
      // no compatibility flags: the Worker gets none of Node's built-ins
      const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .app) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const app :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "app.js") ],
  compatibilityDate = "2025-09-01",
);
`;
      writeFileSync(join(dir, 'config.capnp'), config);
      return ['serve', join(dir, 'config.capnp')];
    },
  },
};

/** The runtime's binary, or why it cannot run. */
export function runtimeBinary(name: RuntimeName): { path: string } | { missing: string } {
  const path = join(ROOT, 'node_modules', '.bin', RUNTIMES[name].binary);
  return existsSync(path)
    ? { path }
    : {
        missing: `${name} is not installed (npm install -D ${name === 'workerd' ? 'wrangler' : name.toLowerCase()}); its tests skipped`,
      };
}

export interface RunningRuntime {
  url: string;
  /** Everything the runtime printed so far. */
  output(): string;
  close(): Promise<void>;
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Bundles the runtime's entry (browser platform: no Node built-ins) and serves it on a free port. */
export async function startOnRuntime(name: RuntimeName, timeoutMs = 20_000): Promise<RunningRuntime> {
  const runtime = RUNTIMES[name];
  const found = runtimeBinary(name);
  if ('missing' in found) throw new Error(found.missing);
  const dir = mkdtempSync(join(tmpdir(), `statuskit-${name.toLowerCase()}-`));
  const bundle = join(dir, 'app.js');
  await build({
    entryPoints: [join(HERE, runtime.entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    outfile: bundle,
    logLevel: 'error',
  });
  const port = await freePort();
  const child: ChildProcess = spawn(found.path, runtime.args(bundle, port, dir), {
    cwd: dir,
    env: { ...process.env, PORT: String(port), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
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
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const close = async () => {
    process.off('exit', kill);
    if (exited === undefined) {
      child.kill('SIGKILL');
      await exit;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (exited !== undefined || Date.now() > deadline) {
      await close();
      throw new Error(`${name} did not listen on 127.0.0.1:${port} (${exited ?? 'timed out'}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, close };
}
