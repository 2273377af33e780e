/**
 * The differential property: one generated request, sent to the same fixture app on every adapter,
 * gets the same answer everywhere: status, the headers statuskit decides, and the body byte for
 * byte. Requests aim where adapters once came apart: unknown and lowercase methods; absolute-form,
 * asterisk-form, dot-segment and badly percent-encoded targets; repeated and non-Latin-1 headers,
 * charset parameters, content codings; malformed, oversized and `__proto__` bodies; and thrown
 * values of every kind (test/fixtures/hostile-routes.ts).
 */
import fc from 'fast-check';
import { HOSTILE_KINDS } from '../fixtures/hostile-routes.js';
import { exchange, type WireResponse } from '../scenarios/raw-http.js';
import { FIXTURE_BODY_LIMIT } from '../scenarios/table.js';

/** One request, before it is put on the wire. */
export interface DiffRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: string | undefined;
}

/** What is compared: the status, the headers statuskit decides, and the body. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Headers compared across adapters. Left out on purpose: `date`, `connection`, `keep-alive`,
 * `transfer-encoding` (framing, each framework's own), `x-powered-by` (Express's banner) and the
 * RateLimit fields (their reset counts down with the clock).
 */
const COMPARED = [
  'content-type',
  'content-length',
  'cache-control',
  'allow',
  'location',
  'www-authenticate',
  'retry-after',
  'etag',
  'x-kept',
  'x-place',
  'x-missing-user',
];

/** Routes whose answers depend on time or on a cut connection: not compared. */
const KINDS = Object.keys(HOSTILE_KINDS).filter((kind) => kind !== 'null');

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('1', '2', 'abc', 'bob') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('%E6%9D%B1%E4%BA%AC', '%41', '%2F', 'caf%C3%A9', '%20', 'a%3Fb', '~x', 'a;b'),
  },
  { weight: 2, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%FF', '%ED%A0%80') },
  { weight: 1, arbitrary: fc.constantFrom('%2e%2e', '..', '.', '%2E') },
);

const path: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      '/items',
      '/items/1',
      '/crash',
      '/async-crash',
      '/http-errors',
      '/http-errors-500',
      '/boom',
      '/rate-limited',
      '/exposed',
      '/coded',
      '/framework-error',
      '/validate',
      '/redirect',
      '/no-content',
      '/tagged',
      '/health',
      '/down',
      '/echo',
      '/nowhere',
      '/',
    ),
  },
  { weight: 3, arbitrary: segment.map((s) => `/items/${s}`) },
  { weight: 3, arbitrary: fc.constantFrom(...KINDS).map((kind) => `/throw/${kind}`) },
  { weight: 2, arbitrary: segment.map((s) => `/users/${s}`) },
  { weight: 2, arbitrary: segment.map((s) => `/places/${s}`) },
  { weight: 1, arbitrary: fc.tuple(segment, segment).map(([a, b]) => `/items/${a}/${b}`) },
);

const target: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: path },
  { weight: 2, arbitrary: path.map((p) => `http://127.0.0.1${p}`) },
  { weight: 1, arbitrary: fc.constant('*') },
  {
    weight: 1,
    arbitrary: fc.tuple(path, fc.constantFrom('?a=1', '?a=%zz', '?__proto__=x')).map(([p, q]) => p + q),
  },
);

const method = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
  { weight: 2, arbitrary: fc.constantFrom('TRACE', 'PROPFIND', 'FOO', 'get', 'Post', 'SEARCH') },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=iso-8859-1',
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
);

const body = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('{"name":"x"}', '{"n":1}', '[]', '"s"') },
  { weight: 2, arbitrary: fc.constantFrom('{bad}', '{"a":', '', 'nul') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"name":"eve","__proto__":{"isAdmin":true}}',
      '{"a":{"constructor":{"prototype":{"x":1}}}}',
      '{"constructor":"fine"}',
    ),
  },
  { weight: 1, arbitrary: fc.constant(`{"name":"${'x'.repeat(FIXTURE_BODY_LIMIT)}"}`) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
);

const extraHeader: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['Accept', 'application/problem+json'],
    ['Accept', 'application/json, application/problem+json;q=0.5'],
    ['Content-Encoding', 'gzip'],
    ['Content-Encoding', 'identity'],
    ['If-None-Match', '*'],
    ['If-Match', '"stale"'],
    ['X-Anything', 'caf\u00e9'],
    ['Content-Type', 'text/plain'],
  ),
);

/** A request for the fixture apps, and the generator the test and `npm run fuzz` share. */
export const diffRequestArb: fc.Arbitrary<DiffRequest> = fc
  .record({
    method,
    target,
    contentType: fc.option(contentType, { nil: undefined }),
    body: fc.option(body, { nil: undefined, freq: 2 }),
    extra: fc.array(extraHeader, { maxLength: 3 }),
  })
  .map(({ method, target, contentType, body, extra }) => {
    const headers: [string, string][] = [];
    if (contentType !== undefined && body !== undefined) headers.push(['Content-Type', contentType]);
    headers.push(...extra);
    return { method, target, headers, body };
  });

/** The bytes of a request on a connection of its own. */
export function encode(req: DiffRequest, port: number): Buffer {
  let head = `${req.method} ${req.target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`;
  for (const [name, value] of req.headers) head += `${name}: ${value}\r\n`;
  const bytes = req.body === undefined ? undefined : Buffer.from(req.body);
  if (bytes) head += `Content-Length: ${bytes.length}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), bytes ?? Buffer.alloc(0)]);
}

/** The compared part of a response. */
export function answerOf(res: WireResponse): Answer {
  const headers: Record<string, string> = {};
  for (const name of COMPARED) {
    const value = res.headers[name];
    if (value !== undefined) headers[name] = name === 'content-type' ? value.replace(/;\s*/g, '; ') : value;
  }
  return { status: res.status, headers, body: res.body.toString('latin1') };
}

/** Sends a request and reads the compared part of its answer. */
export async function ask(port: number, req: DiffRequest): Promise<Answer> {
  const res = await exchange(port, {
    initial: encode(req, port),
    headRequest: req.method === 'HEAD',
    timeoutMs: 5000,
  });
  return answerOf(res);
}

/**
 * The request-target as a WHATWG URL has it: dot segments (`..`, `%2e%2e`) removed. Hono routes
 * that (its Web `Request` URL); the Node routers route the raw path.
 */
export function whatwgTarget(target: string): string {
  if (target === '*') return target;
  try {
    const url = new URL(target, 'http://127.0.0.1');
    return target.startsWith('/') ? url.pathname + url.search : url.href;
  } catch {
    return target;
  }
}

/** How two answers differ, as text; empty when they are the same. */
export function differences(expected: Answer, actual: Answer): string[] {
  const out: string[] = [];
  if (expected.status !== actual.status) out.push(`status ${actual.status}, not ${expected.status}`);
  for (const name of new Set([...Object.keys(expected.headers), ...Object.keys(actual.headers)])) {
    if (expected.headers[name] !== actual.headers[name])
      out.push(
        `${name}: ${JSON.stringify(actual.headers[name])}, not ${JSON.stringify(expected.headers[name])}`,
      );
  }
  if (expected.body !== actual.body)
    out.push(
      `body ${JSON.stringify(actual.body.slice(0, 200))}, not ${JSON.stringify(expected.body.slice(0, 200))}`,
    );
  return out;
}
