/**
 * The README's Hono example: the first `ts` block under `### Hono` in README.md, and the curl lines
 * with answers that follow it (test/readme-snippets.ts). Bun, Deno and workerd serve it as it is,
 * since it exports the app (`export default app`); on workerd it gets the `ip` option the section's
 * prose gives for Workers (`ip: (c) => c.req.header('cf-connecting-ip')`), added to its
 * `statuskit(new Hono(), { … })` options, and the test plays Cloudflare's edge by sending
 * `CF-Connecting-IP`. On Node the test serves it with `serve()` from statuskit/hono/node, as its
 * last line says.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type ServeOptions, serve } from 'statuskit/hono/node';
import {
  type DocumentedRequest,
  documentedRequests,
  firstAppBlock,
  markdownSection,
} from '../readme-snippets.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The heading of the README section. */
const HEADING = '### Hono';

/** The example's code (as run on `runtime`) and its documented requests. */
export function readmeHono(runtime: 'Node' | 'Bun' | 'Deno' | 'workerd'): {
  code: string;
  requests: DocumentedRequest[];
} {
  const section = markdownSection(readFileSync(README, 'utf8'), HEADING);
  assert.ok(section !== undefined, `README.md has a "${HEADING}" section`);
  const app = firstAppBlock(section);
  assert.ok(app?.lang === 'ts', `the "${HEADING}" section has a ts block`);
  assert.match(
    app.code,
    /^export default app;/m,
    'the example exports the app the way Bun, Deno and Workers serve it',
  );
  const requests = documentedRequests(section);
  assert.ok(
    requests.length >= 2,
    `the "${HEADING}" section documents at least two requests with their answers`,
  );
  if (runtime !== 'workerd') return { code: app.code, requests };
  const ip = /`(ip: \(c\) => c\.req\.header\('cf-connecting-ip'\))`/.exec(
    section.slice(section.indexOf(app.code) + app.code.length),
  );
  assert.ok(ip, `the "${HEADING}" section gives the ip option for Workers after its example`);
  const options = 'statuskit(new Hono(), { ';
  assert.ok(app.code.includes(options), `the example passes its options as ${options}… }`);
  return { code: app.code.replace(options, `${options}${ip[1]}, `), requests };
}

/** The path and query of a documented request's URL. */
export function pathOf(request: DocumentedRequest): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/**
 * Serves the example on Node as its last line says (`serve()` from statuskit/hono/node), bundled
 * like the runtime apps (launch.ts) but for Node, on a free port of 127.0.0.1.
 */
export async function startReadmeHonoOnNode(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'statuskit-readme-hono-'));
  const outfile = join(dir, 'app.mjs');
  try {
    await build({
      stdin: { contents: readmeHono('Node').code, loader: 'ts', resolveDir: HERE, sourcefile: 'README.md' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'error',
    });
    const app = ((await import(pathToFileURL(outfile).href)) as { default: { fetch: ServeOptions['fetch'] } })
      .default;
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
