import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleSize } from '../bench/size.js';

// The budget was 6 kB until the core took on header safety (token names, Latin-1 values, Location
// encoding), a responder that never throws and the popular middleware's error shapes: 7 kB now.
test('the core entry, bundled and minified, stays under 7 kB gzipped', async () => {
  const { gzipped, parts } = await bundleSize('src/index.ts');
  const names = parts.map(([name]) => name);
  assert.ok(!names.some((n) => n.includes('registry/')), 'descriptions stay out of the core');
  assert.ok(
    !names.some((n) => n.includes('adapters/') || n.includes('guards/')),
    'no adapter or guard in the core',
  );
  assert.ok(gzipped < 7000, `core entry is ${gzipped} bytes gzipped`);
});
