/**
 * `statuskit check` reports nothing against the statuskit example apps, with --unsafe, the write
 * token and their routes, with and without `--envelope statuskit`. An example that does not exist yet is skipped.
 *
 * By hand: PORT=3000 npx tsx examples/express.ts, then
 *   npx tsx src/cli/main.ts check http://127.0.0.1:3000 --unsafe \
 *     --auth "Authorization: Bearer write-token" \
 *     --route "GET,POST /notes" --route "GET,PUT,DELETE /notes/{id}" --route "GET /crash"
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { checkApi, parseRouteFlag } from '../src/cli/check/index.js';

const ROOT = new URL('..', import.meta.url);
const ROUTES = ['GET,POST /notes', 'GET,PUT,DELETE /notes/{id}', 'GET /crash'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const up = await fetch(`http://127.0.0.1:${port}/notes`).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on ${port}`);
}

for (const framework of ['node', 'express', 'fastify', 'hono', 'koa']) {
  const file = new URL(`examples/${framework}.ts`, ROOT);
  const skip = existsSync(file) ? false : `examples/${framework}.ts does not exist yet`;
  test(`examples/${framework}.ts: no findings`, { skip, timeout: 60_000 }, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', file.pathname], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), RATE_LIMIT: '1000' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    try {
      await waitForPort(port, Date.now() + 20_000);
      for (const envelope of [undefined, 'statuskit'] as const) {
        const result = await checkApi({
          url: `http://127.0.0.1:${port}`,
          routes: ROUTES.flatMap((r) => parseRouteFlag(r)),
          auth: [['Authorization', 'Bearer write-token']],
          unsafe: true,
          envelope,
          delayMs: 5,
        });
        assert.deepEqual(
          result.findings.map((f) => `${f.check}: ${f.detail}\n${f.response}`),
          [],
          `envelope ${envelope ?? 'off'}\n${stderr}`,
        );
        assert.ok(result.requests >= 25, 'the probes ran');
        assert.ok(
          !result.skipped.some((s) => s.check === 'error-envelope') === (envelope === 'statuskit'),
          'the envelope checks ran only when asked',
        );
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
}
