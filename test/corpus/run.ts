/**
 * Runs `statuskit check` against one corpus app, safe and `--unsafe`, and returns every finding
 * with its request normalised (the random parts of probe paths become `*`), plus the app's
 * records before and after.
 */
import { type CheckResult, checkApi, parseRouteFlag } from '../../src/cli/check/index.js';
import type { CorpusModule } from './app.js';

/** A finding as the expected-findings files name it. */
export interface Seen {
  check: string;
  severity: string;
  request: string;
  detail: string;
}

/** The random parts of probe paths, replaced so expected files can name them. */
export const normalise = (request: string): string =>
  request
    .replace(/__statuskit_nonexistent_\w+/, '__statuskit_nonexistent_*')
    .replace(/statuskit-missing-\w+/, 'statuskit-missing-*')
    .replace(/__statuskit_long_a+…\(\d+ chars\)/, '__statuskit_long_*')
    .replace('?api-key=foo', '');

export interface CorpusRun {
  findings: Seen[];
  exitCodes: number[];
  before: Map<string, string>;
  after: Map<string, string>;
  results: CheckResult[];
}

/**
 * Checks the app safe, then with `--unsafe`; the findings of both runs, merged by check and request.
 *
 * @example
 * const run = await runCorpusApp(await import('./json-server.js'));
 */
export async function runCorpusApp(mod: CorpusModule, runs = 1): Promise<CorpusRun> {
  const app = await mod.start();
  try {
    const before = await app.records();
    const url = mod.QUERY ? `${app.url}/?${mod.QUERY}` : app.url;
    const routes = mod.ROUTES.flatMap((r) => parseRouteFlag(r));
    const results: CheckResult[] = [];
    for (let i = 0; i < runs; i++)
      for (const unsafe of [false, true])
        results.push(await checkApi({ url, routes, unsafe, delayMs: 0, timeoutMs: 10_000 }));
    const after = await app.records();
    const byKey = new Map<string, Seen>();
    for (const result of results)
      for (const f of result.findings) {
        const request = normalise(f.request);
        byKey.set(`${f.check} ${request}`, {
          check: f.check,
          severity: f.severity,
          request,
          detail: f.detail,
        });
      }
    return {
      findings: [...byKey.values()],
      exitCodes: results.map((r) => (r.counts.E > 0 ? 1 : 0)),
      before,
      after,
      results,
    };
  } finally {
    await app.close();
  }
}
