import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RequestSpec } from './load.js';
import { type RunningServer, type ServerSpec, startServer } from './server-process.js';
import { warmUp } from './warm-up.js';

const run = promisify(execFile);

/**
 * Counting instructions instead of timing them: a server runs under Valgrind's callgrind with
 * counting switched off; it is warmed up, then counting is switched on for a fixed number of
 * requests sent one at a time over one keep-alive connection, and off again. The count is what the
 * server's process executed in user space for those requests (every thread, JIT compilers and GC
 * included). The kernel's share (socket writes, wake-ups) is not in it, and neither is anything
 * else running on the machine, so the same server, requests and build give the same count within a
 * percent or so, on a quiet machine or a busy one. One connection keeps each request alone in its
 * turn of the event loop, so the count does not depend on how requests happen to batch.
 */

/** Why instructions cannot be counted here, or undefined when they can. */
export function callgrindMissing(): string | undefined {
  for (const tool of ['valgrind', 'callgrind_control']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      return `no ${tool} on this machine (Debian: apt-get install valgrind)`;
    }
  }
  return undefined;
}

/** A server started under callgrind with counting off. */
export interface CountedServer extends RunningServer {
  /** Counts what the server executes while `work` runs; resolves with the instruction count. */
  count(work: () => Promise<void>): Promise<number>;
}

/** The server's command line, as `startServer` would build it for a file. */
function commandOf(spec: ServerSpec): readonly string[] {
  if (spec.command) return spec.command;
  return [process.execPath, '--import', 'tsx', spec.file ?? '', ...(spec.args ?? [])];
}

/**
 * Starts a server under callgrind (pinned like every server under test), counting nothing yet.
 *
 * @example
 * const server = await startCounted({ file: 'bench/servers/node-http.ts', args: ['direct'] });
 * const instructions = await server.count(() => warmUp(server, { path: '/' }, { count: 500, connections: 1 }));
 */
export async function startCounted(spec: ServerSpec): Promise<CountedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'statuskit-callgrind-'));
  const server = await startServer({
    ...(spec.env ? { env: spec.env } : {}),
    ...(spec.port ? { port: spec.port } : {}),
    ...(spec.pinned === undefined ? {} : { pinned: spec.pinned }),
    command: [
      'valgrind',
      '--tool=callgrind',
      '--quiet',
      '--instr-atstart=no',
      // V8 writes machine code at run time; callgrind must notice it everywhere, not only on the stack.
      '--smc-check=all-non-file',
      `--callgrind-out-file=${join(dir, 'counts.%p')}`,
      ...commandOf(spec),
    ],
    startTimeoutMs: spec.startTimeoutMs ?? 180_000,
  });
  // vgdb finds the server's control pipes by user and host name, read from the environment: the
  // server runs with startServer's HOST, so the control commands must see the same one.
  const env = { ...process.env, HOST: '127.0.0.1', ...spec.env };
  const control = (flag: string) => run('callgrind_control', [flag, String(server.pid)], { env });
  let dumps = 0;
  return {
    ...server,
    async count(work) {
      await control('--zero');
      await control('--instr=on');
      try {
        await work();
      } finally {
        await control('--instr=off');
      }
      await control('--dump');
      dumps++;
      return readDump(dir, server.pid, dumps);
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `totals:` line of the dump callgrind wrote for the `n`-th request to dump. */
function readDump(dir: string, pid: number, n: number): number {
  const name = `counts.${pid}.${n}`;
  if (!readdirSync(dir).includes(name)) throw new Error(`callgrind wrote no ${name} in ${dir}`);
  const text = readFileSync(join(dir, name), 'utf8');
  rmSync(join(dir, name));
  const totals = /^totals: (\d+)/m.exec(text);
  if (!totals) throw new Error(`no totals in callgrind's ${name}`);
  return Number(totals[1]);
}

/** Instructions per request for `requests` requests, one at a time; statuses are returned too. */
export async function instructionsPerRequest(
  server: CountedServer,
  request: RequestSpec,
  requests: number,
): Promise<{ perRequest: number; statuses: Record<string, number> }> {
  let statuses: Record<string, number> = {};
  const total = await server.count(async () => {
    statuses = await warmUp(server, request, { count: requests, connections: 1 });
  });
  return { perRequest: total / requests, statuses };
}
