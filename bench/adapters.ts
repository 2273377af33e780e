// The adapter suite: per framework, the cost of a 404 thrown through statuskit's adapter
// and of a 200 through its success helper, against the framework writing the same JSON itself.
// `npm run bench:adapters [-- --quick]`
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMain, runSuite, type SuiteRunner } from './harness/main.js';
import { runServerSuite, type ServerConfig, type ServerTarget } from './harness/server-suite.js';

const ROOT = join(import.meta.dirname, '..');
const SERVERS = join(import.meta.dirname, 'servers');

/** Each framework, its server files and what the anchor is. */
const FRAMEWORKS = [
  { id: 'express', name: 'Express 5', anchor: 'http-errors' },
  { id: 'fastify', name: 'Fastify 5', anchor: '@fastify/sensible' },
  { id: 'hono', name: 'Hono 4', anchor: 'HTTPException' },
  { id: 'koa', name: 'Koa 3', anchor: 'http-errors (ctx.throw)' },
  { id: 'node', name: 'node:http', anchor: 'http-errors' },
  { id: 'nestjs', name: 'NestJS 12 (Express platform)', anchor: 'NotFoundException' },
] as const;

const serverFile = (id: string) => join(SERVERS, `${id === 'node' ? 'node-http' : id}.ts`);

/** Why statuskit's server for a framework cannot run yet, or undefined when it can. */
function statuskitMissing(id: string): string | undefined {
  const adapter = join(ROOT, 'src', 'adapters', `${id}.ts`);
  if (!existsSync(adapter)) return `src/adapters/${id}.ts does not exist yet`;
  const server = join(SERVERS, `${id === 'node' ? 'node-http' : id}-statuskit.ts`);
  if (!existsSync(server)) return `TODO: bench/servers/${id}-statuskit.ts is not written yet`;
  return undefined;
}

/** The suite's configurations and targets. */
export function adapterConfigs(): { configs: ServerConfig[]; targets: ServerTarget[] } {
  const configs: ServerConfig[] = [];
  const targets: ServerTarget[] = [];
  for (const fw of FRAMEWORKS) {
    const plain = (mode: string) => ({ file: serverFile(fw.id), args: [mode] });
    const withStatuskit = (mode: string) => ({
      file: join(SERVERS, `${fw.id === 'node' ? 'node-http' : fw.id}-statuskit.ts`),
      args: [mode],
    });
    const missing = statuskitMissing(fw.id);
    const skip = missing ? { skip: missing } : {};
    const notFound = { path: '/notes/1' };
    const ok = { path: '/ok' };
    const g404 = `${fw.name}: 404`;
    const g200 = `${fw.name}: 200`;
    configs.push(
      {
        id: `${fw.id}-direct`,
        label: '404 JSON written directly',
        group: g404,
        role: 'baseline',
        server: plain('direct'),
        request: notFound,
        expectStatus: 404,
      },
      {
        id: `${fw.id}-thrown`,
        label: 'statuskit: thrown NotFoundError',
        group: g404,
        role: 'statuskit',
        server: withStatuskit('thrown'),
        request: notFound,
        expectStatus: 404,
        ...skip,
      },
      {
        id: `${fw.id}-anchor`,
        label: `${fw.anchor}`,
        group: g404,
        role: 'anchor',
        server: plain('anchor'),
        request: notFound,
        expectStatus: 404,
      },
    );
    // What throwing costs on this framework whatever answers it: the cheapest error, caught by the
    // framework's own minimal handler. A thrown 404 cannot cost less than this.
    configs.push({
      id: `${fw.id}-floor`,
      label: 'floor: NotFoundError caught by a minimal handler',
      group: g404,
      role: 'anchor',
      server: plain('floor'),
      request: notFound,
      expectStatus: 404,
    });
    // statuskit/node is an app with its own router, which raw node:http lacks: show that cost apart.
    if (fw.id === 'node') {
      configs.push({
        id: 'node-app-direct',
        label: 'statuskit/node app, 404 written directly',
        group: g404,
        role: 'anchor',
        server: withStatuskit('direct'),
        request: notFound,
        expectStatus: 404,
        ...skip,
      });
    }
    configs.push(
      {
        id: `${fw.id}-json`,
        label: "framework's own JSON",
        group: g200,
        role: 'baseline',
        server: plain('direct'),
        request: ok,
        expectStatus: 200,
      },
      {
        id: `${fw.id}-success`,
        label: 'statuskit: success helper',
        group: g200,
        role: 'statuskit',
        server: withStatuskit('thrown'),
        request: ok,
        expectStatus: 200,
        ...skip,
      },
    );
    if (fw.id === 'node') {
      configs.push({
        id: 'node-app-json',
        label: 'statuskit/node app, JSON written directly',
        group: g200,
        role: 'anchor',
        server: withStatuskit('direct'),
        request: ok,
        expectStatus: 200,
        ...skip,
      });
    }
    targets.push(
      {
        text: `${fw.name}: thrown 404 ≤ 1.15× the CPU/request of the direct 404`,
        row: `${fw.id}-thrown`,
        metric: 'cpuRatio',
        comparison: '<=',
        limit: 1.15,
      },
      {
        text: `${fw.name}: success helper ≤ 1.05× the CPU/request of the framework's JSON`,
        row: `${fw.id}-success`,
        metric: 'cpuRatio',
        comparison: '<=',
        limit: 1.05,
      },
    );
  }
  return { configs, targets };
}

export const runAdapters: SuiteRunner = (options, log) =>
  runServerSuite(
    {
      suite: 'adapters',
      title: 'Adapters: a 404 and a 200 per framework',
      ...adapterConfigs(),
      notes: [
        'Each configuration runs in its own server process; statuskit rows run with the adapter installed.',
        'Ratios are per round against the group baseline measured in the same round; medians over rounds.',
        "floor rows: statuskit's NotFoundError thrown without the adapter and answered by a few lines of the framework's own error handling; the difference to the direct 404 is what a throw costs on that framework (V8 builds a message for every throw, and the framework's error path runs).",
        'node:http rows: the baseline is a bare createServer handler; statuskit/node adds a router (path check, route match), shown apart by the "app, written directly" rows.',
      ],
    },
    options,
    log,
  );

if (isMain(import.meta.url))
  await runSuite('adapters', 'Adapters: a 404 and a 200 per framework', runAdapters);
