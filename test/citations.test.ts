/**
 * Comments cite what a reader can open: an RFC, or a file of this repository. A citation of a design
 * note (`docs/design/wire-format.md §3`) names a note that exists and a section it has; nothing cites
 * a document kept outside the repository.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['src', 'test', 'scripts', 'bench', 'examples', 'docs', 'README.md'];
const TEXT = /\.(ts|md|js|mjs|json)$/;

function files(path: string): string[] {
  const full = join(root, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const child = relative(root, join(full, entry.name));
    if (entry.isDirectory()) return files(child);
    return TEXT.test(entry.name) && !entry.name.endsWith('.generated.ts') ? [child] : [];
  });
}

const sources = SCANNED.flatMap(files).filter((f) => f !== 'test/citations.test.ts');

/** Where each line of the repository cites something matching `pattern`. */
function citing(pattern: RegExp): string[] {
  const out: string[] = [];
  for (const file of sources) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (pattern.test(line)) out.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

test('every citation of a design note names a note and a section that exist', () => {
  const broken: string[] = [];
  let seen = 0;
  for (const file of sources) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/docs\/design\/([\w-]+\.md)(?:`?\s*§(\d+))?/g)) {
      seen++;
      const note = join(root, 'docs/design', m[1]!);
      const body = statSync(note, { throwIfNoEntry: false }) ? readFileSync(note, 'utf8') : undefined;
      if (body === undefined) broken.push(`${file}: ${m[0]} (no such note)`);
      else if (m[2] && !new RegExp(`^## §${m[2]} `, 'm').test(body))
        broken.push(`${file}: ${m[0]} (no such section)`);
    }
  }
  assert.ok(seen > 0, 'the code cites the design notes');
  assert.deepEqual(broken, []);
});

test('the check finds a citation of a section that does not exist', () => {
  const body = readFileSync(join(root, 'docs/design/wire-format.md'), 'utf8');
  assert.match(body, /^## §1 /m);
  assert.doesNotMatch(body, /^## §99 /m);
});

// The product contract's name is spelled with a character class so this line does not cite it.
const OUTSIDE = /C[O]NTRACT §|C[O]NTRACT\.md|reference\/http-rules|\.\.\/shared\/|\b[Ii]ssue #?\d+/;

test('the core, the registry, the CLI lookups and the scripts cite nothing outside the repository', () => {
  const mine = /^(src\/core\/|src\/registry\/|src\/index\.ts|src\/cli\/(main|lookup)\.ts|scripts\/|docs\/)/;
  assert.deepEqual(
    citing(OUTSIDE).filter((line) => mine.test(line)),
    [],
  );
});

test('nothing in the repository cites a document outside it', () => {
  assert.deepEqual(citing(OUTSIDE), []);
});
