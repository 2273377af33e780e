/**
 * Real redis-server processes for the Redis store tests: one on a free port, or a cluster of three
 * masters. Every server runs under a small shell that kills it as soon as its stdin closes, which
 * also happens when the test process dies however it dies, so no server outlives a test.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const which = (name: string) =>
  spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();

/** The redis-server binary, or '' when none is installed. */
export const redisServer = which('redis-server');
/** The redis-cli binary, or '' when none is installed. */
export const redisCli = which('redis-cli');

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts redis-server on `port` (plus `extra` arguments) and resolves once it accepts connections. */
export async function startRedis(port: number, extra: string[] = [], cwd?: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra];
  const watchdog = '"$0" "$@" & pid=$!; read _; kill -9 $pid; wait $pid';
  const child = spawn('sh', ['-c', watchdog, redisServer, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

/** Kills a server started by {@link startRedis} and waits for it to be gone. */
export async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.stdin!.end();
  await exited;
}

const run = promisify(execFile);

/** One master of a {@link RedisCluster}. */
export interface ClusterNode {
  port: number;
  process: ChildProcess | undefined;
}

/** Three masters on 127.0.0.1 with every slot assigned, no replicas. */
export interface RedisCluster {
  nodes: ClusterNode[];
  /** Kills one master (its cluster config stays, so it can come back as the same node). */
  kill(node: ClusterNode): Promise<void>;
  /** Starts a killed master again, empty (no persistence), and waits until the cluster is ok. */
  restart(node: ClusterNode): Promise<void>;
  /** The master that owns `key`'s slot. */
  owner(key: string): Promise<ClusterNode>;
  close(): Promise<void>;
}

/** `redis-cli -p port ...args` */
export async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run(redisCli, ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

/**
 * Starts three redis-server masters in cluster mode (each with its own bus port), joins them with
 * `redis-cli --cluster create`, and resolves once every node reports `cluster_state:ok`. Missing
 * slots do not stop the others (`cluster-require-full-coverage no`), as with a managed cluster
 * whose master is failing over.
 */
export async function startCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'statuskit-cluster-'));
  const nodes: ClusterNode[] = [];
  const buses: number[] = [];
  for (let i = 0; i < 3; i++) {
    nodes.push({ port: await freePort(), process: undefined });
    buses.push(await freePort());
  }
  const argsOf = (i: number) => [
    '--cluster-enabled',
    'yes',
    '--cluster-port',
    String(buses[i]),
    '--cluster-config-file',
    `nodes-${nodes[i]!.port}.conf`,
    '--cluster-node-timeout',
    '1000',
    '--cluster-require-full-coverage',
    'no',
  ];
  const waitOk = async () => {
    const until = Date.now() + 20_000;
    for (;;) {
      const states = await Promise.all(nodes.map((n) => cli(n.port, 'CLUSTER', 'INFO').catch(() => '')));
      if (states.every((s) => s.includes('cluster_state:ok'))) return;
      if (Date.now() > until) throw new Error(`cluster not ok:\n${states.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const cluster: RedisCluster = {
    nodes,
    async kill(node) {
      await stopRedis(node.process);
      node.process = undefined;
    },
    async restart(node) {
      node.process = await startRedis(node.port, argsOf(nodes.indexOf(node)), dir);
      await waitOk();
    },
    async owner(key) {
      const slot = Number((await cli(nodes[0]!.port, 'CLUSTER', 'KEYSLOT', key)).trim());
      const ranges = JSON.parse(await cli(nodes[0]!.port, '--json', 'CLUSTER', 'SLOTS')) as [
        number,
        number,
        [string, number, ...unknown[]],
      ][];
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      const node = nodes.find((n) => n.port === range?.[2][1]);
      if (node === undefined) throw new Error(`no owner for slot ${slot}`);
      return node;
    },
    async close() {
      await Promise.all(nodes.map((n) => stopRedis(n.process)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const [i, node] of nodes.entries()) node.process = await startRedis(node.port, argsOf(i), dir);
    await run(redisCli, ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-yes']);
    await waitOk();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}
