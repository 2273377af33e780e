/**
 * Builds the apps of apps.ts for Bun, Deno and workerd (one esbuild bundle each, from the
 * package's dist/ through its own name, for the browser platform so nothing of Node's can be in
 * it) and serves each on its own port on 127.0.0.1 under that runtime. The
 * runtimes are the `bun`, `deno` and `workerd` binaries the npm packages of the same names ship
 * (workerd comes with `wrangler`); a missing one makes its tests skip with a message.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { freePort, type ServerProcess, startServerProcess } from '../scenarios/apps.js';
import { APP_NAMES } from './apps.js';
import { readmeHono } from './readme-hono.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));

export type RuntimeName = 'Bun' | 'Deno' | 'workerd';

interface Runtime {
  /** The binary under node_modules/.bin. */
  binary: string;
  /** The entry file under test/runtimes. */
  entry: string;
  /** The command line, given the bundle, the ports by app name and the folder the bundle is in. */
  args(bundle: string, ports: Record<string, number>, dir: string): string[];
}

const RUNTIMES: Record<RuntimeName, Runtime> = {
  Bun: { binary: 'bun', entry: 'serve-bun.ts', args: (bundle) => ['run', bundle] },
  Deno: {
    binary: 'deno',
    entry: 'serve-deno.ts',
    // PORT and RATE_LIMIT: the notes example (examples/notes/notes.ts) reads them where it loads
    args: (bundle) => [
      'run',
      '--allow-net',
      '--allow-env=PORTS,PORT,RATE_LIMIT',
      '--no-prompt',
      '--no-config',
      bundle,
    ],
  },
  workerd: {
    binary: 'workerd',
    entry: 'worker.ts',
    args: (_bundle, ports, dir) => {
      // one service per app, each with its own socket and its name in the APP binding; no
      // compatibility flags: the Worker gets none of Node's built-ins
      const names = Object.keys(ports);
      const services = names.map(
        (name, i) =>
          `(name = "app${i}", worker = (modules = [(name = "worker", esModule = embed "app.js")], compatibilityDate = "2025-09-01", bindings = [(name = "APP", text = ${JSON.stringify(name)})]))`,
      );
      const sockets = names.map(
        (name, i) => `(name = "s${i}", address = "127.0.0.1:${ports[name]}", http = (), service = "app${i}")`,
      );
      const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${services.join(',\n    ')} ],
  sockets = [ ${sockets.join(',\n    ')} ],
);
`;
      writeFileSync(join(dir, 'config.capnp'), config);
      return ['serve', join(dir, 'config.capnp')];
    },
  },
};

/** The runtime's binary, or why it cannot run (not installed, or it does not start). */
export function runtimeBinary(name: RuntimeName): { path: string } | { missing: string } {
  const path = join(ROOT, 'node_modules', '.bin', RUNTIMES[name].binary);
  const pkg = name === 'workerd' ? 'wrangler' : name.toLowerCase();
  if (!existsSync(path))
    return { missing: `${name} is not installed (npm install -D ${pkg}); its tests skipped` };
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) {
    const said = `${probe.error?.message ?? ''} ${probe.stderr ?? ''}`.trim().slice(0, 200);
    return {
      missing: `${name} (node_modules/.bin/${RUNTIMES[name].binary}) does not start: ${said}; its tests skipped`,
    };
  }
  return { path };
}

export interface RunningRuntime {
  /** Each app's URL, by name (apps.ts). */
  urls: Record<string, string>;
  /** Everything the runtime printed so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Replaces, in the bundles, what the fixtures import only for running on Node (node-only-stubs.ts,
 * and fixture-options.ts for the fixture options module, which imports `statuskit/node`), and gives
 * the scenario tables' modules a `Buffer.byteLength` of their own where the runtime has no
 * `Buffer` (it counts expected Content-Lengths). The stand-in readme-hono-app.ts becomes the
 * README's Hono example (readme-hono.ts). Nothing of statuskit is replaced.
 */
function testModulesWithoutNode(runtime: RuntimeName): Plugin {
  const stubs = join(HERE, 'node-only-stubs.ts');
  return {
    name: 'test-modules-without-node',
    setup(b) {
      b.onResolve({ filter: /\/serve-on-free-port\.js$/ }, () => ({
        path: join(HERE, 'fixture-options.ts'),
      }));
      b.onResolve({ filter: /\/readme-hono-app\.js$/ }, () => ({ path: 'README.md', namespace: 'readme' }));
      b.onLoad({ filter: /.*/, namespace: 'readme' }, () => ({
        contents: readmeHono(runtime).code,
        loader: 'ts',
        resolveDir: HERE,
      }));
      b.onResolve({ filter: /^(statuskit\/hono\/node|node:events)$/ }, () => ({ path: stubs }));
      if (runtime === 'workerd') b.onResolve({ filter: /^@hapi\/boom$/ }, () => ({ path: stubs }));
      b.onLoad({ filter: /[\\/]test[\\/]scenarios[\\/][^\\/]+\.ts$/ }, (args) => ({
        loader: 'ts',
        contents: `const Buffer = { byteLength: (text: string) => new TextEncoder().encode(text).length };\n${readFileSync(args.path, 'utf8')}`,
      }));
    },
  };
}

/** Bundles the runtime's entry and serves every app of apps.ts, each on a free port. */
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
    plugins: [testModulesWithoutNode(name)],
  });
  const ports: Record<string, number> = {};
  for (const app of APP_NAMES) ports[app] = await freePort();
  let server: ServerProcess;
  try {
    server = await startServerProcess(found.path, runtime.args(bundle, ports, dir), {
      ports: Object.values(ports),
      label: name,
      cwd: dir,
      env: { PORTS: JSON.stringify(ports), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
      timeoutMs,
      hard: true,
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const kill = () => void server.stop();
  process.once('exit', kill);
  const close = async () => {
    process.off('exit', kill);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const urls = Object.fromEntries(
    Object.entries(ports).map(([app, port]) => [app, `http://127.0.0.1:${port}`]),
  );
  return { urls, output: server.output, close };
}
