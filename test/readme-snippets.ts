/**
 * The README's runnable snippets: a section's first `ts` or `js` block is an app, and each `curl`
 * line of the section with its answer in a comment
 * (`curl -i localhost:3000/notes/2   # 404 {"error":"Note not found"}`, or `# 405 Allow: GET, HEAD`)
 * is a request and what it must get. test/package/pack.test.ts runs the quick start this way, and
 * test/runtimes/readme-hono.ts the Hono section (for test/runtimes/hono-runtimes.test.ts).
 */
import assert from 'node:assert/strict';

/** A documented request and its answer. */
export interface DocumentedRequest {
  /** The README line it comes from. */
  line: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  status: number;
  /** The whole body, when the comment gives one (it starts with `{`). */
  expectBody: string | undefined;
  /** A header and its value, when the comment gives one (`Name: value`). */
  expectHeader: [string, string] | undefined;
}

/** Splits a shell line into words, honouring single and double quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g))
    out.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
  return out;
}

/**
 * The section under the heading `heading` (e.g. `## Quick start`, `### Hono`), up to the next
 * heading of the same or a higher level; undefined when there is no such heading.
 */
export function markdownSection(markdown: string, heading: string): string | undefined {
  const level = /^#+/.exec(heading)![0].length;
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l === heading || l.startsWith(`${heading} `));
  if (start < 0) return undefined;
  let end = start + 1;
  let fenced = false;
  for (; end < lines.length; end++) {
    const line = lines[end]!;
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^(#+) /.exec(line);
    if (m && m[1]!.length <= level) break;
  }
  return lines.slice(start, end).join('\n');
}

/** The first `ts` or `js` block of a section: its language and code. */
export function firstAppBlock(section: string): { lang: string; code: string } | undefined {
  const app = /^```(ts|js|typescript|javascript)\n([\s\S]*?)^```/m.exec(section);
  return app ? { lang: app[1]!, code: app[2]! } : undefined;
}

/** Every `curl` line of a section that has its answer in a comment, in order. */
export function documentedRequests(section: string): DocumentedRequest[] {
  const requests: DocumentedRequest[] = [];
  for (const m of section.matchAll(/^(?:\$ )?(curl .*?)\s+#\s*(\d{3})\b(.*)$/gm)) {
    const args = words(m[1]!).slice(1);
    const request: DocumentedRequest = {
      line: m[0],
      method: 'GET',
      url: '',
      headers: {},
      body: undefined,
      status: Number(m[2]),
      expectBody: undefined,
      expectHeader: undefined,
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-X' || a === '--request') request.method = args[++i]!;
      else if (a === '-H' || a === '--header') {
        const h = args[++i]!;
        request.headers[h.slice(0, h.indexOf(':')).trim()] = h.slice(h.indexOf(':') + 1).trim();
      } else if (a === '-d' || a === '--data' || a === '--data-raw') {
        request.body = args[++i]!;
        if (request.method === 'GET') request.method = 'POST';
      } else if (!a.startsWith('-')) request.url = /^https?:/.test(a) ? a : `http://${a}`;
    }
    const expect = m[3]!.trim();
    if (expect.startsWith('{')) request.expectBody = expect;
    else if (/^[\w-]+:/.test(expect))
      request.expectHeader = [
        expect.slice(0, expect.indexOf(':')),
        expect.slice(expect.indexOf(':') + 1).trim(),
      ];
    requests.push(request);
  }
  return requests;
}

/**
 * Sends a documented request to `url` (the documented one, or the same path where the app really
 * listens), with `extraHeaders` added, and throws unless it gets the documented answer.
 */
export async function assertDocumentedAnswer(
  request: DocumentedRequest,
  url: string,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  const response = await fetch(url, {
    method: request.method,
    headers: { ...request.headers, ...extraHeaders },
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  assert.equal(response.status, request.status, `${request.line}\n  got ${response.status} ${text}`);
  if (request.expectBody !== undefined) assert.equal(text, request.expectBody, request.line);
  if (request.expectHeader)
    assert.equal(response.headers.get(request.expectHeader[0]), request.expectHeader[1], request.line);
}
