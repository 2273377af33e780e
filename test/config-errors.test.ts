// Every ERR_STATUSKIT_* code the source can throw is listed in the table of docs/configuration-errors.md,
// and the table lists none the source no longer throws.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(import.meta.dirname, '..');
const CODE = /'(ERR_STATUSKIT_[A-Z_]+)'/g;

function sourceCodes(): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(CODE)) found.add(match[1]!);
  }
  return found;
}

function documentedCodes(): Set<string> {
  const page = readFileSync(join(ROOT, 'docs', 'configuration-errors.md'), 'utf8');
  return new Set([...page.matchAll(/^\| `(ERR_STATUSKIT_[A-Z_]+)` \|/gm)].map((m) => m[1]!));
}

test('docs/configuration-errors.md lists exactly the configuration error codes the source throws', () => {
  const source = sourceCodes();
  assert.ok(source.size >= 10, `expected the source to throw at least 10 codes, found ${source.size}`);
  assert.deepEqual([...documentedCodes()].sort(), [...source].sort());
});
