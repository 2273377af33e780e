import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('statuskit 404 prints the card', () => {
  const r = run(['404']);
  assert.equal(r.code, 0);
  for (const part of [
    '404 Not Found',
    'Not found',
    'client-error',
    'permanent',
    'Meaning',
    'When to use',
    'RFC 9110 §15.5.5',
    'NotFoundError',
  ]) {
    assert.ok(r.out.includes(part), `card shows ${part}`);
  }
  assert.ok(!r.out.includes('\u001b['), 'no colour when stdout is not a terminal');
  assert.match(run(['405']).out, /Requires\s+Allow/);
});

test('a search over phrases, legacy phrases and descriptions', () => {
  const codes = (out: string) => [...out.matchAll(/^(\d{3})\b/gm)].map((m) => Number(m[1]));
  assert.deepEqual(codes(run(['too', 'large']).out).slice(0, 3), [413, 414, 431]);
  assert.match(run(['payload', 'too', 'large']).out, /^413 Content Too Large/);
  assert.match(run(['teapot']).out, /^418/);
});

test('list, list 4xx, --json', () => {
  assert.equal(run(['list']).out.trim().split('\n').length, 64);
  assert.equal(run(['list', '4xx']).out.trim().split('\n').length, 29);
  const one = JSON.parse(run(['429', '--json']).out);
  assert.equal(one.code, 429);
  assert.equal(one.message, 'Too many requests');
  assert.ok(one.whenToUse.length > 0);
  const all = JSON.parse(run(['list', '5xx', '--json']).out);
  assert.equal(all.length, 11);
});

test('unknown codes, empty searches and bad classes exit 1 with a clear message', () => {
  for (const args of [['999'], ['299'], ['zzzzqq'], ['list', '6xx']]) {
    const r = run(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.err, /^statuskit: /);
    assert.equal(r.out, '');
  }
});

test('--help and --version', () => {
  assert.match(run(['--help']).out, /Usage:/);
  assert.equal(run(['--help']).code, 0);
  assert.match(run(['--version']).out, /^\d+\.\d+\.\d+\n$/);
});

test('statuskit alone prints the help and exits 0', () => {
  const none = run([]);
  assert.equal(none.code, 0);
  assert.match(none.out, /Usage:/);
  assert.equal(none.err, '');
});

test('an unknown flag exits 2 with one clear sentence, its quotes balanced', () => {
  for (const flag of ['--bogus', '-x']) {
    const bad = run([flag]);
    assert.equal(bad.code, 2, flag);
    assert.equal(bad.out, '');
    assert.equal(
      bad.err,
      `statuskit: unknown option "${flag}". Run statuskit --help for the commands and options.\n`,
    );
    assert.equal((bad.err.match(/"/g) ?? []).length % 2, 0, 'balanced double quotes');
    assert.ok(!bad.err.includes("'"), 'no single quotes left open');
  }
  const value = run(['404', '--json=yes']);
  assert.equal(value.code, 2);
  assert.match(value.err, /^statuskit: option "--json" /);
});

const helpNamesNoExamples = (args: string[]) => {
  const r = run(args);
  assert.equal(r.code, 0, args.join(' '));
  assert.match(r.out, /Usage:/);
  assert.ok(!/examples\//.test(r.out), `${args.join(' ')} does not point to examples/, which is not packed`);
};

test('the help of statuskit and statuskit serve names no file the package does not ship', () => {
  helpNamesNoExamples(['--help']);
  helpNamesNoExamples(['serve', '--help']);
});

test(
  'the help of statuskit check names no file the package does not ship',
  {
    todo: 'the example in src/cli/check/index.ts still starts examples/express.ts',
  },
  () => helpNamesNoExamples(['check', '--help']),
);

// `script` (util-linux) gives the CLI a real pseudo-terminal, so stdout.isTTY is true.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
test('colour on a terminal, none on a terminal with NO_COLOR or TERM=dumb', {
  skip: hasScript ? false : 'no `script` command (util-linux) to give the CLI a terminal',
}, () => {
  const onTerminal = (env: Record<string, string>) => {
    const r = spawnSync('script', ['-qec', `"${process.execPath}" "${bin}" 404`, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, TERM: 'xterm', ...env },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes('404 Not Found'), 'the card reached the terminal');
    return r.stdout.includes('\u001b[');
  };
  assert.equal(onTerminal({ NO_COLOR: '' }), true, 'colour on a terminal');
  assert.equal(onTerminal({ NO_COLOR: '1' }), false, 'NO_COLOR turns it off');
  assert.equal(onTerminal({ NO_COLOR: '', TERM: 'dumb' }), false, 'TERM=dumb turns it off');
});
