/**
 * The declarations of the portable entry points typecheck in a project that has no Node types,
 * as a Cloudflare Workers or browser project is set up: `types: []`, `lib: ["es2022", "dom"]`,
 * `skipLibCheck: false`. The project lives in a temporary folder and sees this package (dist/) and
 * hono through symbolic links, as an installed dependency.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const run = promisify(execFile);

const PORTABLE_USE = `import { HttpError, NotFoundError, StatuskitConfigError } from 'statuskit';
import { describeStatus, listStatus } from 'statuskit/registry';
import {
  combineGuards, etag, evaluatePreconditions, loadShedding, maintenance,
  rateLimit, RedisStore, type GuardRequest,
} from 'statuskit/guards';
import { guard, statuskit } from 'statuskit/hono';
import { Hono } from 'hono';

const app = statuskit(new Hono(), { guards: [maintenance()] });
const limiter = rateLimit({ limit: 10, key: (req: GuardRequest) => req.header('x-api-key') ?? 'anonymous' });
app.post('/notes', guard(limiter, loadShedding({ monitor: false })), (c) => c.json({}, 201));
const store = new RedisStore({ sendCommand: async (...args: string[]) => args.length });
const view: GuardRequest = { method: 'GET', path: '/', ip: '127.0.0.1', header: () => undefined };
export const used = [HttpError, new NotFoundError(), StatuskitConfigError, describeStatus(404), listStatus('4xx'),
  combineGuards(limiter), etag('x'), evaluatePreconditions({ method: 'GET' }, '"a"'), store, view, app];
`;

async function typecheck(dir: string, source: string): Promise<string> {
  writeFileSync(join(dir, 'main.ts'), source);
  try {
    await run(tsc, ['-p', dir], { cwd: dir });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('the portable entry points typecheck without Node types', () => {
  let dir = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'statuskit-types-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'statuskit'), 'dir');
    symlinkSync(join(root, 'node_modules', 'hono'), join(dir, 'node_modules', 'hono'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }');
    const compilerOptions = {
      strict: true,
      noEmit: true,
      types: [],
      lib: ['es2022', 'dom'],
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      skipLibCheck: false,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('statuskit, statuskit/registry, statuskit/guards and statuskit/hono, used as an app would', async () => {
    assert.equal(await typecheck(dir, PORTABLE_USE), '');
  });

  it('while statuskit/node, which is Node only, does not (so the check above would see a node: type)', async () => {
    const errors = await typecheck(
      dir,
      `import { createApp } from 'statuskit/node';\nexport const app = createApp();\n`,
    );
    assert.match(errors, /node:http|Cannot find name 'Buffer'|Cannot find module/);
  });
});
