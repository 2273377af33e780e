/**
 * The packed package as a user meets it: `npm pack`, install the tarball in a temporary folder, then
 * import every subpath from ESM and require() it from CommonJS, run the installed bin, and run the
 * README's quick start against it. The folder sits inside the project so that optional peers (the
 * frameworks) resolve from the project's node_modules, as they would from a user's.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  assertDocumentedAnswer,
  type DocumentedRequest,
  documentedRequests,
  firstAppBlock,
  markdownSection,
} from '../readme-snippets.js';

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

test('the tarball ships dist, README, LICENSE, CHANGELOG and package.json, and no tests or sources', () => {
  const files = sh('npm', ['pack', '--dry-run', '--json'], root);
  const names = (JSON.parse(files) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  assert.ok(names.includes('dist/index.js'));
  assert.ok(names.includes('dist/index.d.ts'));
  assert.ok(names.includes('dist/cli/main.js'));
  assert.ok(names.includes('README.md'));
  assert.ok(names.includes('LICENSE'), 'the licence ships');
  assert.ok(names.includes('CHANGELOG.md'), 'the changelog ships');
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

test('the licence in the package is the one package.json names', () => {
  const meta = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { license: string };
  const text = readFileSync(`${dir}/node_modules/statuskit/LICENSE`, 'utf8');
  assert.equal(meta.license, 'MIT');
  assert.match(text, /^MIT License\n/);
});

/** Relative link targets in a markdown text: `[text](target)`, `![alt](target)`, `src=` and `href=`. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const targets = [
    ...[...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...withoutCode.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'));
}

test('every relative link in the README resolves in the repository', () => {
  const links = relativeLinks(readFileSync(`${root}README.md`, 'utf8'));
  assert.ok(links.length > 0, 'the README links to files of the repository');
  const missing = links.filter((link) => !existsSync(`${root}${decodeURI(link.replace(/[?#].*$/, ''))}`));
  assert.deepEqual(missing, []);
  // The check itself: a link to a file that does not exist is found.
  assert.deepEqual(relativeLinks('[a](docs/nowhere.md) [b](https://x.test/y) [c](#usage)'), [
    'docs/nowhere.md',
  ]);
});

test('every relative link in the changelog and the pages under docs/ resolves', () => {
  const docs = readdirSync(`${root}docs`, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  assert.ok(docs.includes('docs/options.md') && docs.includes('docs/design/guards.md'), docs.join(', '));
  const pages = ['CHANGELOG.md', ...docs];
  const missing = pages.flatMap((page) =>
    relativeLinks(readFileSync(`${root}${page}`, 'utf8'))
      .filter((link) => !existsSync(join(root, dirname(page), decodeURI(link.replace(/[?#].*$/, '')))))
      .map((link) => `${page}: ${link}`),
  );
  assert.deepEqual(missing, []);
});

/** The README's quick start: the first `ts` or `js` block of `## Quick start` and its curl lines (readme-snippets.ts). */
function quickStart(readme: string): { lang: string; code: string; requests: DocumentedRequest[] } {
  const section = markdownSection(readme, '## Quick start');
  assert.ok(section !== undefined, 'the README has a "## Quick start" section');
  const app = firstAppBlock(section);
  assert.ok(app, 'the quick start has a ts or js block');
  return { ...app, requests: documentedRequests(section) };
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Writes the quick start into the fresh project, starts it, sends every documented request. */
async function runQuickStart(readme: string, name: string): Promise<void> {
  const { lang, code, requests } = quickStart(readme);
  assert.ok(/\.listen\(|\bserve\(/.test(code), 'the quick start listens, so it keeps running when pasted');
  assert.ok(requests.length >= 2, 'the quick start shows at least two requests with their answers');
  const documented = new URL(requests[0]!.url).port || '80';
  const port = String(await freePort());
  const file = `${dir}/${name}.${lang.startsWith('t') ? 'ts' : 'mjs'}`;
  writeFileSync(file, code.replaceAll(documented, port));
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const base = (url: string) => url.replace(`:${documented}`, `:${port}`);
    let up = false;
    while (!up) {
      const state = await Promise.race([
        exited.then(() => 'exited' as const),
        fetch(base(requests[0]!.url), { method: 'HEAD' }).then(
          () => 'up' as const,
          () => new Promise<'down'>((r) => setTimeout(() => r('down'), 50)),
        ),
      ]);
      assert.notEqual(state, 'exited', `the quick start exited instead of listening:\n${output}`);
      up = state === 'up';
    }
    for (const r of requests) await assertDocumentedAnswer(r, base(r.url));
  } finally {
    child.kill();
    await exited;
  }
}

/** The shape the README's quick start is to take: an app that listens, and curl lines with answers. */
const QUICK_START_SHAPE = `## Quick start

\`\`\`sh
npm i statuskit express
\`\`\`

\`\`\`js
import express from 'express';
import { NotFoundError } from 'statuskit';
import { statuskit } from 'statuskit/express';

const app = express();
const sk = statuskit();
app.use(sk.start);
app.get('/notes/:id', (req, res) => {
  if (req.params.id !== '1') throw new NotFoundError('Note not found');
  res.ok({ id: 1, title: 'First note' });
});
app.use(sk.end);
app.listen(3000);
\`\`\`

\`\`\`sh
curl -i localhost:3000/notes/1        # 200 {"success":"OK","data":{"id":1,"title":"First note"}}
curl -i localhost:3000/notes/2        # 404 {"error":"Note not found"}
curl -i localhost:3000/nope           # 404 {"error":"Not found"}
curl -i -X DELETE localhost:3000/notes/1  # 405 Allow: GET, HEAD, OPTIONS
curl -i -X PROPFIND localhost:3000/notes/1  # 501 {"error":"Method PROPFIND is not implemented"}
\`\`\`
`;

test('a quick start in the documented shape runs from the packed package with express', {
  timeout: 60_000,
}, async () => {
  await runQuickStart(QUICK_START_SHAPE, 'quick-start-shape');
});

test('the README quick start, pasted into a fresh project, gets the answers it documents', {
  timeout: 60_000,
}, async () => {
  await runQuickStart(readFileSync(`${root}README.md`, 'utf8'), 'quick-start');
});
