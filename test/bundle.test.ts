/**
 * The portable entry points (`statuskit`, `statuskit/registry`, `statuskit/guards`,
 * `statuskit/hono`) bundle with esbuild for `--platform=neutral` and `--platform=browser` with no
 * `node:` import left, as a Cloudflare Worker or a browser bundle needs. Built from dist/ (run
 * `npm run build` first; `npm test` does).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const PORTABLE = ['statuskit', 'statuskit/registry', 'statuskit/guards', 'statuskit/hono'];
const NODE_ONLY = ['statuskit/node', 'statuskit/hono/node'];

async function bundle(entry: string, platform: 'neutral' | 'browser') {
  return build({
    entryPoints: [fileURLToPath(import.meta.resolve(entry))],
    bundle: true,
    platform,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // hono is the app's own dependency; statuskit/hono must not pull Node in through it either
    external: ['hono', 'hono/*'],
  });
}

/** Every import the bundle still makes, from the metafile. */
function imports(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
}

describe('bundling the portable entry points without Node', () => {
  for (const entry of PORTABLE) {
    for (const platform of ['neutral', 'browser'] as const) {
      it(`${entry} for --platform=${platform}`, async () => {
        const result = await bundle(entry, platform);
        assert.deepEqual(result.errors, []);
        const left = imports(result.metafile);
        assert.deepEqual(
          left.filter((p) => p.startsWith('node:') || !p.startsWith('hono')),
          [],
          `imports left: ${left.join(', ')}`,
        );
        const text = result.outputFiles[0]!.text;
        assert.doesNotMatch(
          text,
          /\b(?:from|import|require)\s*\(?\s*["']node:/,
          'no node: import in the output',
        );
        assert.ok(text.length > 1000, 'the bundle has the code in it');
      });
    }
  }

  for (const entry of NODE_ONLY) {
    it(`${entry} (Node only) does not bundle for --platform=neutral: the check above would see a node: import`, async () => {
      await assert.rejects(bundle(entry, 'neutral'), (error: Error) =>
        /Could not resolve "node:/.test(error.message),
      );
    });
  }
});
