import { createHash } from 'node:crypto';
import { errorBody, successBody } from '../../core/envelope.js';
import { STATUS_DESCRIPTIONS, type StatusEntry } from '../../registry/index.js';
import { BUILDER_SCRIPT, BUILDER_STYLE, builderHtml } from './page-builder.js';
import { escapeHtml } from './page-escape.js';

export { escapeHtml } from './page-escape.js';

import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

const CLASSES = [
  ['1xx', 'Informational', 'Interim responses. "Try it" sends the real interim response, then a final 200.'],
  ['2xx', 'Success', 'The request worked. Bodies use the {"success": …, "data": …} envelope.'],
  [
    '3xx',
    'Redirection',
    'The client must look elsewhere. "Try it" redirects to /200, so a browser lands there.',
  ],
  ['4xx', 'Client error', 'The request is at fault. Bodies use the {"error": …} envelope.'],
  ['5xx', 'Server error', 'The server is at fault. The default message never reveals internals.'],
] as const;

function refLink(ref: string): string {
  const rfc = /^RFC (\d+)(?: §([\d.]+))?/.exec(ref);
  let href: string | undefined;
  if (rfc) href = `https://www.rfc-editor.org/rfc/rfc${rfc[1]}${rfc[2] ? `#section-${rfc[2]}` : ''}`;
  else if (ref.startsWith('draft-')) href = `https://datatracker.ietf.org/doc/${ref}/`;
  return href ? `<a href="${escapeHtml(href)}" rel="noopener">${escapeHtml(ref)}</a>` : escapeHtml(ref);
}

function sampleBody(d: StatusEntry): string {
  if (d.code === 101) return 'none: answers a request offering Upgrade, then closes (426 without it)';
  if (d.code < 200) return 'interim response (no body), then 200';
  if (d.code === 206)
    return 'the bytes a Range asks for, of {"success":"Partial content"} (200 with all of it without Range)';
  if (!d.bodyAllowed) return 'no body';
  return d.code >= 400 ? errorBody(d.message) : successBody(d.message);
}

function card(d: StatusEntry): string {
  const tags: string[] = [];
  if (d.registration !== 'permanent') tags.push(`<span class="tag warn">${d.registration}</span>`);
  if (!d.bodyAllowed) tags.push('<span class="tag">no body</span>');
  if (d.cacheable) tags.push('<span class="tag">cacheable by default</span>');
  if (d.noStore) tags.push('<span class="tag">never cached</span>');
  if (d.retryable) tags.push('<span class="tag">retryable</span>');
  const headers = [
    ...d.requiredHeaders.map((h) => `<code>${escapeHtml(h)}</code> (required)`),
    ...d.recommendedHeaders.map((h) => `<code>${escapeHtml(h)}</code> (recommended)`),
  ];
  const text = [
    d.code,
    d.phrase,
    d.message,
    d.constant.replace(/_/g, ' '),
    ...d.legacyPhrases,
    d.meaning,
    d.whenToUse,
    ...d.requiredHeaders,
    ...d.recommendedHeaders,
  ]
    .join(' ')
    .toLowerCase();
  return `<article id="code-${d.code}" data-code="${d.code}" data-text="${escapeHtml(text)}">
<h3><span class="num">${d.code}</span> <span class="phrase">${escapeHtml(d.phrase)}</span></h3>
${tags.length > 0 ? `<div class="tags">${tags.join('')}</div>` : ''}
<dl>
<dt>Body</dt><dd><code>${escapeHtml(sampleBody(d))}</code></dd>
<dt>Meaning</dt><dd>${escapeHtml(d.meaning)}</dd>
<dt>When to use</dt><dd>${escapeHtml(d.whenToUse)}</dd>
<dt>Headers</dt><dd>${headers.length > 0 ? headers.join(', ') : 'none required'}</dd>
<dt>Defined in</dt><dd>${refLink(d.ref)}</dd>
</dl>
<a class="try" href="/${d.code}">Try it: GET /${d.code}</a>
</article>`;
}

function section([key, name, note]: (typeof CLASSES)[number]): string {
  const digit = Number(key[0]);
  const cards = STATUS_DESCRIPTIONS.filter((d) => Math.floor(d.code / 100) === digit).map(card);
  return `<section id="class-${key}" class="c${digit}" data-class="${key}">
<h2>${key} ${name}</h2>
<p class="class-note">${escapeHtml(note)}</p>
<div class="grid">
${cards.join('\n')}
</div>
</section>`;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The reference page, ready to send: the HTML bytes and its headers (with a strict CSP). */
export interface ReferencePage {
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * Builds the self-contained reference page served at `/`: every registered code grouped by class,
 * with message, meaning, when to use it, headers and a "try it" link; a search box that filters as
 * you type. No external assets; inline style and script are pinned by hash in the CSP.
 *
 * @example
 * const page = buildReferencePage(30_000); res.writeHead(200, page.headers).end(page.body);
 */
export function buildReferencePage(maxSleepMs = 30_000): ReferencePage {
  const style = `${PAGE_STYLE}\n${BUILDER_STYLE}`;
  const script = `${PAGE_SCRIPT}\n${BUILDER_SCRIPT}`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HTTP status codes — statuskit</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<header><div class="wrap">
<h1>HTTP status codes</h1>
<p class="lead">Every registered code: what it means, when to use it, the headers it needs. Each “Try it” asks this server for that status; the builder below adds a sleep, a broken connection or a response header, and <code>/random/200:90,500-504:10</code> draws codes.</p>
<div class="bar"><input id="q" type="search" placeholder="Search: 404, too large, retry, Location…" aria-label="Search status codes" autocomplete="off"><span id="count" aria-live="polite">${STATUS_DESCRIPTIONS.length} codes</span></div>
<nav aria-label="Classes">${CLASSES.map(([k, n]) => `<a href="#class-${k}">${k} ${n}</a>`).join('')}</nav>
</div></header>
<main class="wrap">
${builderHtml(maxSleepMs)}
${CLASSES.map(section).join('\n')}
<p id="empty" hidden>No code matches. Try a number (413), a phrase (too large) or a header (Retry-After).</p>
</main>
<script>${script}</script>
</body>
</html>
`;
  const body = Buffer.from(html);
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    `script-src ${sha256(script)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    body,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    },
  };
}
