/**
 * Random and malformed HTTP/1.1 requests for the fixture apps (test/fixtures/README.md): methods
 * (unknown tokens too), paths with odd percent-encodings, unicode, dot segments and long segments,
 * random headers, Accept and Content-Type variants, and bodies of random bytes, JSON, broken JSON
 * and sizes around the 1024-byte limit, framed by Content-Length or chunked. A few requests are
 * broken on purpose at the protocol level (bad Content-Length, bad chunk size, bad header line…).
 */
import { METHODS } from 'node:http';
import fc from 'fast-check';
import type { ErrorShape } from '../scenarios/checks.js';

/** `arb` once in `n` draws, else undefined. */
function rarely<T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** One generated request, with what the checks need to know about it. */
export interface FuzzRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: { framing: 'length' | 'chunked'; bytes: Uint8Array; chunks: number } | undefined;
  expectContinue: boolean;
  /** Which error shape the request's Accept asks for. */
  errorShape: ErrorShape;
  /** A protocol-level defect planted in the request, if any. */
  malformed: string | undefined;
}

/** Methods statuskit knows (docs/design/automatic-answers.md); any other token is answered 501. */
export const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
]);

const ROUTE_PATHS = [
  '/items',
  '/items/1',
  '/items/2',
  '/items/abc',
  '/crash',
  '/async-crash',
  '/http-errors',
  '/http-errors-500',
  '/boom',
  '/rate-limited',
  '/exposed',
  '/coded',
  '/framework-error',
  '/late-error',
  '/validate',
  '/redirect',
  '/no-content',
  '/',
  '/nowhere',
  '/items/1/parts',
];

// CONNECT is left out: it asks for a tunnel, and Node's server drops it before any app sees it.
const methodArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  },
  { weight: 1, arbitrary: fc.constant('TRACE') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'FOO',
      'PURGE',
      'PROPFIND',
      'MKCOL',
      'SEARCH',
      'QUERY',
      'LINK',
      'REPORT',
      'get',
      'Post',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][A-Z_-]{0,11}$/) },
);

const oddSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '%',
      '%z',
      '%zz',
      '%E0%A4%A',
      '%00',
      '%2F',
      '%2e%2e',
      '%252F',
      '%C0%AF',
      '%FF',
      '%e2%9c%93',
      '%F0%9F%98%80',
      '%ED%A0%80',
      '..',
      '.',
      '',
      '~user',
      'a;b=c',
      "!$&'()*+,=",
      '@:',
    ),
  },
  // Unicode, percent-encoded as a browser would send it.
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => encodeURIComponent(s)) },
  // Unicode sent raw (Node's parser refuses these bytes: a protocol-level answer).
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 3 })
      .filter((s) => /[^\x20-\x7e]/.test(s)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => 'a'.repeat(n)) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/) },
);

const queryArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '?',
    '?a=1',
    '?a=%zz',
    '?q=%E2%9C%93&x',
    '?%',
    '?a=1&a=2',
    '?__proto__=x',
    '?constructor[prototype]=1',
  ),
  fc.stringMatching(/^\?[A-Za-z0-9=&%._-]{0,30}$/),
);

const targetArb: fc.Arbitrary<string> = fc
  .record({
    prefix: rarely(fc.constantFrom('/.', '/..', '/', '/./items/..'), 8),
    base: fc.constantFrom(...ROUTE_PATHS),
    segments: fc.oneof(
      { weight: 2, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: fc.array(oddSegment, { minLength: 1, maxLength: 3 }) },
    ),
    slash: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    upper: fc.integer({ min: 0, max: 9 }),
    query: rarely(queryArb, 4),
  })
  .map(({ prefix, base, segments, slash, upper, query }) => {
    let path = (prefix ?? '') + base;
    for (const s of segments) path += `/${s}`;
    if (slash && segments.length === 0) path += '/';
    if (upper === 0) path = path.toUpperCase();
    return path + (query ?? '');
  });

/** Accept variants and the error shape each asks for (`either` where the preference is unclear). */
const ACCEPTS: readonly [string | undefined, ErrorShape][] = [
  [undefined, 'error'],
  ['*/*', 'error'],
  ['application/json', 'error'],
  ['text/html', 'error'],
  ['text/html, */*;q=0.1', 'error'],
  ['application/xml', 'error'],
  ['application/problem+json', 'problem'],
  ['application/problem+json, application/json;q=0.9', 'problem'],
  ['application/json;q=0.1, application/problem+json', 'problem'],
  ['application/json, application/problem+json;q=0.5', 'error'],
  ['application/problem+json;q=0', 'error'],
  ['application/*', 'either'],
  ['APPLICATION/PROBLEM+JSON', 'either'],
  [';;;q=abc,,', 'either'],
  ['application/problem+json;q=nope', 'either'],
];

const acceptArb: fc.Arbitrary<[string | undefined, ErrorShape]> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ACCEPTS) },
  {
    weight: 1,
    arbitrary: fc.stringMatching(/^[ -~]{0,40}$/).map((s): [string, ErrorShape] => [s, 'either']),
  },
);

const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'Application/JSON',
      'application/vnd.api+json',
      'application/problem+json',
      'application/jsonp',
      'text/json',
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/*',
      '*/*',
      '',
      ';',
      'application/json;;;',
      'json',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[ -~]{0,30}$/) },
);

/** Header names a random header must not take: they change framing or the connection itself. */
const RESERVED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
  'accept',
  'content-type',
  'http2-settings',
]);

const headerValue = fc.stringMatching(/^[!-~][ -~]{0,120}[!-~]$|^[!-~]?$/);

const namedHeaderArb: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(
    fc.constantFrom('If-None-Match', 'If-Match'),
    fc.constantFrom('*', '"abc"', 'W/"x"', 'garbage', '"a", "b"'),
  ),
  fc.tuple(
    fc.constant('Authorization'),
    fc.constantFrom('Bearer write-token', 'Bearer ', 'Basic Og==', 'Bearer secret-tok', 'x'),
  ),
  fc.tuple(fc.constant('Content-Encoding'), fc.constantFrom('gzip', 'identity', 'br', 'deflate', 'nope')),
  fc.tuple(fc.constant('Accept-Encoding'), fc.constantFrom('gzip', 'br, gzip', '*', 'identity;q=0')),
  fc.tuple(fc.constant('Origin'), fc.constantFrom('http://example.com', 'null')),
  fc.tuple(fc.constant('Access-Control-Request-Method'), fc.constantFrom('GET', 'PUT', 'FOO')),
  fc.tuple(fc.constant('Range'), fc.constantFrom('bytes=0-1', 'bytes=5-', 'bytes=x')),
  fc.tuple(fc.constant('X-HTTP-Method-Override'), fc.constantFrom('DELETE', 'FOO')),
  fc.tuple(fc.constant('X-Forwarded-For'), fc.constantFrom('1.2.3.4', 'not-an-ip')),
  fc.tuple(fc.constant('Cookie'), fc.constantFrom('a=b', '; ;', '__proto__=1')),
  fc.tuple(fc.constant('If-Modified-Since'), fc.constantFrom('Sun, 06 Nov 1994 08:49:37 GMT', 'yesterday')),
);

const randomHeaderArb: fc.Arbitrary<[string, string]> = fc.tuple(
  fc
    .stringMatching(/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,24}$/)
    .filter((n) => !RESERVED.has(n.toLowerCase())),
  headerValue,
);

const headersArb: fc.Arbitrary<[string, string][]> = fc.array(fc.oneof(namedHeaderArb, randomHeaderArb), {
  maxLength: 5,
});

const enc = new TextEncoder();

const bodyBytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 5, arbitrary: fc.json({ maxDepth: 3 }).map((s) => enc.encode(s)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.json({ maxDepth: 2 }), fc.nat())
      .map(([s, cut]) => enc.encode(s.length > 1 ? s.slice(0, cut % s.length) : '{')),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '{"a":',
        '{',
        '[',
        'nul',
        '{"name":"x",}',
        "{'a':1}",
        '\u00ef\u00bb\u00bf{}',
        '{"__proto__":{"x":1}}',
      )
      .map((s) => enc.encode(s)),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 900, max: 4000 })
      .map((n) => enc.encode(`{"name":"${'x'.repeat(Math.max(0, n - 11))}"}`)),
  },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
);

const bodyArb = fc.record({
  framing: fc.constantFrom<'length' | 'chunked'>('length', 'length', 'length', 'chunked'),
  bytes: bodyBytesArb,
  chunks: fc.integer({ min: 1, max: 4 }),
});

/**
 * Defects in the request's framing that Node's parser finds only after the headers, once it reads
 * the body: the app may already have answered, and the parser's 400 then follows on the same
 * connection before it closes.
 */
export const BODY_LEVEL_DEFECTS: ReadonlySet<string> = new Set([
  'bad-chunk-size',
  'unknown-transfer-coding',
  'length-and-chunked',
]);

/** Defects planted at the protocol level (answered by Node's parser through statuskit: 400). */
const MALFORMATIONS = [
  'content-length-abc',
  'two-content-lengths',
  'length-and-chunked',
  'bad-chunk-size',
  'space-before-colon',
  'no-colon',
  'obs-fold',
  'nul-in-value',
  'bad-version',
  'unknown-transfer-coding',
  'control-in-target',
] as const;

/** Method tokens Node's HTTP parser accepts; others are refused before the headers are read. */
const NODE_METHODS: ReadonlySet<string> = new Set(METHODS);

/** A request for the fixture apps. */
export const fuzzRequestArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: methodArb,
    target: targetArb,
    accept: acceptArb,
    contentType: contentTypeArb,
    headers: headersArb,
    body: rarely(bodyArb, 2),
    expectContinue: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    malformed: rarely(fc.constantFrom(...MALFORMATIONS), 20),
  })
  .map((r) => {
    const headers: [string, string][] = [...r.headers];
    if (r.accept[0] !== undefined) headers.push(['Accept', r.accept[0]]);
    const body = r.body ?? undefined;
    if (body && r.contentType !== undefined) headers.push(['Content-Type', r.contentType]);
    const rawTarget = /[^\x20-\x7e]/.test(r.target);
    const malformed = r.malformed ?? (rawTarget ? 'raw-non-ascii-in-target' : undefined);
    return {
      method: r.method,
      target: r.target,
      headers,
      body,
      expectContinue: r.expectContinue && body !== undefined,
      // Protocol errors, and method tokens Node's parser does not know, are answered before the
      // headers are read, so Accept cannot count there.
      errorShape: malformed || !NODE_METHODS.has(r.method) ? 'either' : r.accept[1],
      malformed,
    };
  });

function chunked(bytes: Uint8Array, pieces: number): Buffer {
  const parts: Buffer[] = [];
  const size = Math.max(1, Math.ceil(bytes.length / pieces));
  for (let i = 0; i < bytes.length; i += size) {
    const piece = bytes.subarray(i, i + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), Buffer.from(piece), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** The bytes of a request on a keep-alive connection. */
export function encodeRequest(req: FuzzRequest, port: number): Buffer {
  const m = req.malformed;
  const version = m === 'bad-version' ? 'HTTP/9.9' : 'HTTP/1.1';
  const target = m === 'control-in-target' ? `${req.target}\x01x` : req.target;
  let head = `${req.method} ${target} ${version}\r\nHost: 127.0.0.1:${port}\r\n`;
  for (const [name, value] of req.headers) {
    const v = m === 'nul-in-value' ? `${value}\x00x` : value;
    if (m === 'space-before-colon') head += `${name} : ${v}\r\n`;
    else if (m === 'no-colon') head += `${name} ${v}\r\n`;
    else head += `${name}: ${v}\r\n`;
  }
  if (m === 'obs-fold') head += 'X-Folded: a\r\n  b\r\n';
  if (m === 'nul-in-value' && req.headers.length === 0) head += 'X-Nul: a\x00b\r\n';
  if ((m === 'space-before-colon' || m === 'no-colon') && req.headers.length === 0) {
    head += m === 'no-colon' ? 'X-Broken value\r\n' : 'X-Broken : value\r\n';
  }
  if (req.expectContinue) head += 'Expect: 100-continue\r\n';
  let body: Buffer = Buffer.alloc(0);
  if (m === 'content-length-abc') head += 'Content-Length: abc\r\n';
  else if (m === 'two-content-lengths') head += 'Content-Length: 1\r\nContent-Length: 2\r\n';
  else if (m === 'unknown-transfer-coding') head += 'Transfer-Encoding: gzip\r\n';
  else if (m === 'bad-chunk-size') {
    head += 'Transfer-Encoding: chunked\r\n';
    body = Buffer.from('zz\r\nabc\r\n0\r\n\r\n');
  } else if (req.body) {
    if (req.body.framing === 'chunked' || m === 'length-and-chunked') {
      head += 'Transfer-Encoding: chunked\r\n';
      if (m === 'length-and-chunked') head += 'Content-Length: 5\r\n';
      body = chunked(req.body.bytes, req.body.chunks);
    } else {
      head += `Content-Length: ${req.body.bytes.length}\r\n`;
      body = Buffer.from(req.body.bytes);
    }
  } else if (m === 'length-and-chunked') {
    head += 'Transfer-Encoding: chunked\r\nContent-Length: 5\r\n';
    body = Buffer.from('0\r\n\r\n');
  }
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), body]);
}

/** A short, readable form of a request for failure reports. */
export function showRequest(req: FuzzRequest, port: number): string {
  const text = encodeRequest(req, port).toString('latin1');
  return JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}…(${text.length} bytes)` : text);
}
