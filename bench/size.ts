// Bundle size: the core entry bundled with esbuild (bundle, minify, ESM, neutral
// platform) and gzipped; statuskit/registry beside it for reference. `npm run size`
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { isMain, runSuite, type SuiteRunner } from './harness/main.js';
import { machineInfo } from './harness/options.js';
import { checkTarget, type ReportRow } from './harness/report.js';

const ROOT = join(import.meta.dirname, '..');
/** The budget for the core entry: 6 kB, taken as 6,000 bytes so the check is the strict reading. */
const CORE_LIMIT = 6000;

const ENTRIES = [
  { id: 'core', label: "statuskit (core entry, 'statuskit')", file: 'src/index.ts', limit: CORE_LIMIT },
  { id: 'registry', label: 'statuskit/registry (descriptions, reference)', file: 'src/registry/index.ts' },
] as const;

/** Minified and gzipped bytes of one entry bundled on its own. */
export async function bundleSize(
  file: string,
): Promise<{ minified: number; gzipped: number; parts: [string, number][] }> {
  const result = await build({
    entryPoints: [join(ROOT, file)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  const parts = Object.entries(inputs)
    .map(([name, info]): [string, number] => [name.replace(/^.*src\//, 'src/'), info.bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, parts };
}

export const runSize: SuiteRunner = async (options) => {
  const rows: ReportRow[] = [];
  const notes = [
    'Each entry is bundled on its own with everything it imports; gzip level 9.',
    'The budget is read strictly as 6 kB = 6,000 bytes; 6 KiB would be 6,144 bytes.',
  ];
  for (const entry of ENTRIES) {
    const { minified, gzipped, parts } = await bundleSize(entry.file);
    const top = parts.slice(0, 4).map(([name, bytes]) => `${name} ${bytes.toLocaleString('en-US')}`);
    notes.push(`${entry.label}: largest parts (minified bytes before gzip): ${top.join(', ')}.`);
    const limit = 'limit' in entry ? entry.limit : undefined;
    rows.push({
      id: entry.id,
      label: entry.label,
      group: 'bundled with esbuild, minified',
      role: 'statuskit',
      values: {
        minified,
        gzipped,
        kB: `${(gzipped / 1000).toFixed(2)} kB`,
        KiB: `${(gzipped / 1024).toFixed(2)} KiB`,
        limit: limit ? `< ${(limit / 1000).toFixed(0)} kB` : 'none',
      },
      ...(limit ? { chartRatio: gzipped / limit } : {}),
    });
  }
  const core = rows[0]!.values.gzipped as number;
  return {
    suite: 'size',
    title: 'Bundle size',
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(),
    settings: { bundler: 'esbuild', bundle: true, minify: true, format: 'esm', platform: 'neutral', gzip: 9 },
    columns: [
      { key: 'minified', label: 'minified bytes' },
      { key: 'gzipped', label: 'gzipped bytes' },
      { key: 'kB', label: 'gzipped' },
      { key: 'KiB', label: 'gzipped (KiB)' },
      { key: 'limit', label: 'budget' },
    ],
    rows,
    chartMetric: 'gzipped size as a fraction of the 6 kB budget',
    lowerIsBetter: true,
    targets: [checkTarget('core entry at most 6 kB gzipped (6,000 bytes)', 'core', core, '<=', CORE_LIMIT)],
    notes,
  };
};

if (isMain(import.meta.url)) await runSuite('size', 'Bundle size', runSize);
