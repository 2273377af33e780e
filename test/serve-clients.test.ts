/**
 * Real clients against `statuskit serve`: fetch and curl read what they get, ky waits for
 * Retry-After on 429 and 503, and the command itself starts, prints its URL and stops on SIGTERM.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import ky, { HTTPError } from 'ky';
import { type StatusServer, startStatusServer } from '../src/cli/serve/index.js';
import { startNode } from './fixtures/run-node.js';

const run = promisify(execFile);
let server: StatusServer;
let hits = 0;
before(async () => {
  server = await startStatusServer({ port: 0 });
  server.server.on('request', () => {
    hits++;
  });
});
after(() => server.close());

test('fetch reads status, headers and the envelope', async () => {
  const response = await fetch(`${server.url}/429`);
  assert.equal(response.status, 429);
  assert.equal(response.statusText, 'Too Many Requests');
  assert.equal(response.headers.get('retry-after'), '1');
  assert.equal(response.headers.get('ratelimit'), '"default";r=0;t=1');
  assert.deepEqual(await response.json(), { error: 'Too many requests' });
  const created = await fetch(`${server.url}/201`, { method: 'POST' });
  assert.equal(created.headers.get('location'), '/codes/201');
  assert.deepEqual(await created.json(), { success: 'Created' });
  const redirected = await fetch(`${server.url}/307`);
  assert.equal(redirected.status, 200, 'fetch follows Location to /200');
  assert.equal(redirected.url, `${server.url}/200`);
  await redirected.arrayBuffer();
  const early = await fetch(`${server.url}/103`);
  assert.equal(early.status, 200, 'fetch skips the interim 103');
  assert.match(early.headers.get('link') ?? '', /preload/);
  await early.arrayBuffer();
});

test('curl reads status, headers and bodies (1xx included)', {
  skip: !existsSync('/usr/bin/curl') && 'no curl',
}, async () => {
  const { stdout } = await run('curl', ['-s', '-i', `${server.url}/401`]);
  assert.match(stdout, /^HTTP\/1\.1 401 Unauthorized\r\n/);
  assert.match(stdout, /\r\nwww-authenticate: Bearer realm="statuskit"\r\n/i);
  assert.match(stdout, /\r\n\r\n\{"error":"Unauthorized"\}$/);
  const interim = await run('curl', ['-s', '-i', `${server.url}/102`]);
  assert.match(interim.stdout, /^HTTP\/1\.1 102 Processing\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  const head = await run('curl', ['-s', '-I', `${server.url}/404`]);
  assert.match(head.stdout, /^HTTP\/1\.1 404 Not Found\r\n/);
  assert.match(head.stdout, /content-length: 21\r\n/i);
  const code = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `${server.url}/random/418`]);
  assert.equal(code.stdout, '418');
});

for (const status of [429, 503]) {
  test(`ky waits for Retry-After on ${status} before retrying`, async () => {
    const before = hits;
    const started = Date.now();
    const error = await ky(`${server.url}/${status}`, { retry: { limit: 1 } }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    assert.ok(error instanceof HTTPError && error.response.status === status);
    assert.equal(hits - before, 2, 'one first try, one retry');
    assert.ok(elapsed >= 950, `the retry waited for Retry-After: 1 (took ${elapsed} ms)`);
  });
}

function startCli(args: string[], env: Record<string, string> = {}) {
  return startNode(['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args], {
    cwd: new URL('..', import.meta.url),
    env,
  });
}

test('statuskit serve prints its URL, answers, and stops on SIGTERM', async () => {
  const cli = startCli(['--port', '0']);
  const deadline = Date.now() + 15_000;
  let url: string | undefined;
  while (!url && Date.now() < deadline) {
    url = /http:\/\/127\.0\.0\.1:\d+/.exec(cli.output())?.[0];
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(url, `printed a URL; stderr: ${cli.errors()}`);
  assert.equal((await fetch(`${url}/418`)).status, 418);
  cli.child.kill('SIGTERM');
  assert.equal(await cli.exit, 0);
  assert.match(cli.output(), /stopped \(SIGTERM\)/);
});

test('statuskit serve refuses a bad port and a busy one', async () => {
  const bad = startCli(['--port', 'http']);
  assert.equal(await bad.exit, 2);
  assert.match(bad.errors(), /port must be a number/);
  const busy = startCli([], { PORT: new URL(server.url).port });
  assert.equal(await busy.exit, 1);
  assert.match(busy.errors(), /already in use/);
});
