/**
 * The packed package: `npm pack`, install the tarball in a temporary folder, then import every
 * subpath from ESM and require() it from CommonJS, and run the installed bin. The folder sits inside
 * the project so that optional peers (the frameworks) resolve from the project's node_modules.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = `${root}.tmp/pack-test`;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, unknown> };
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? 'statuskit' : `statuskit/${k.slice(2)}`));
const sh = (cmd: string, args: string[], cwd = dir) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

before(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = sh('npm', ['pack', '--silent', '--pack-destination', dir], root).trim().split('\n').pop()!;
  writeFileSync(`${dir}/package.json`, '{"name":"pack-test","private":true}\n');
  sh('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', `./${tarball}`]);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball ships dist, README and package.json, and no tests or sources', () => {
  const files = sh('npm', ['pack', '--dry-run', '--json'], root);
  const names = (JSON.parse(files) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  assert.ok(names.includes('dist/index.js'));
  assert.ok(names.includes('dist/index.d.ts'));
  assert.ok(names.includes('dist/cli/main.js'));
  assert.ok(names.includes('README.md'));
  assert.ok(!names.some((n) => n.includes('.test.')), 'no test files');
  assert.ok(!names.some((n) => n.startsWith('src/')), 'no sources');
});

test('every subpath imports from ESM', () => {
  const script = `for (const s of ${JSON.stringify(subpaths)}) { const m = await import(s); if (Object.keys(m).length === 0) throw new Error(s + ' exports nothing'); } console.log('ok');`;
  assert.equal(sh(process.execPath, ['--input-type=module', '-e', script]).trim(), 'ok');
});

test('every subpath require()s from CommonJS', () => {
  const script = `for (const s of ${JSON.stringify(subpaths)}) { const m = require(s); if (Object.keys(m).length === 0) throw new Error(s + ' exports nothing'); } console.log('ok');`;
  const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], {
    cwd: dir,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  assert.equal(out.trim(), 'ok');
});

test('the core works from the installed package', () => {
  const script = `const { NotFoundError, createErrorResponder } = require('statuskit'); const r = createErrorResponder({ logger: false })(new NotFoundError()); console.log(r.status, r.body);`;
  assert.equal(sh(process.execPath, ['-e', script]).trim(), '404 {"error":"Not found"}');
});

test('the installed bin runs', () => {
  const out = sh(`${dir}/node_modules/.bin/statuskit`, ['503']);
  assert.match(out, /^503 Service Unavailable/);
});
