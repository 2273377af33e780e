/**
 * The status server's pure rules, one table each: /random specs and draws, Range parsing,
 * preconditions in RFC 9110 §13.2.2 order, redirect targets, requested response headers, and the
 * options read from a query and Statuskit-* request headers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePreconditions } from '../../guards/conditional.js';
import { requestPreconditions } from '../../guards/conditional-response.js';
import { DEFAULT_LIMITS } from './limits.js';
import { parseRandomSpec, pickRandom, type RandomSpec } from './random.js';
import { parseRange } from './range.js';
import { redirectTarget } from './redirect-target.js';
import { readOptions } from './request-options.js';
import { checkResponseHeader } from './response-headers.js';

test('random: ranges share their weight, draws cover every code of a range', () => {
  const spec = parseRandomSpec('200:0.5,500-504:0.5') as RandomSpec;
  assert.deepEqual(spec, { low: [200, 500], high: [200, 504], cumulative: [0.5, 1], total: 1 });
  const drawn = [0, 0.49, 0.51, 0.65, 0.75, 0.85, 0.95, 0.999].map((d) => pickRandom(spec, d));
  assert.deepEqual(drawn, [200, 200, 500, 501, 502, 503, 504, 504]);
  assert.equal(pickRandom(parseRandomSpec('200:0,418:1') as RandomSpec, 0), 418, 'weight 0 is never drawn');
  for (const bad of [
    '',
    '200,',
    '99',
    '200:1:2',
    '200:abc',
    '200:1.1234567',
    '503-500',
    `${'200,'.repeat(50)}200`,
  ])
    assert.equal(typeof parseRandomSpec(bad), 'string', bad);
});

test('Range: one bytes range, clamped; unsatisfiable; otherwise ignored', () => {
  const cases: [string | undefined, number, ReturnType<typeof parseRange>][] = [
    [undefined, 10, undefined],
    ['bytes=0-4', 10, { start: 0, end: 4 }],
    ['Bytes = 8-', 10, { start: 8, end: 9 }],
    ['bytes=5-100', 10, { start: 5, end: 9 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=-30', 10, { start: 0, end: 9 }],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=0-0', 0, 'unsatisfiable'],
    ['bytes=4-2', 10, undefined],
    ['bytes=0-1, 3-4', 10, undefined],
    ['bytes=-', 10, undefined],
    ['lines=0-1', 10, undefined],
  ];
  for (const [header, length, expected] of cases)
    assert.deepEqual(parseRange(header, length), expected, header);
});

test('preconditions in the order of RFC 9110 §13.2.2', () => {
  const modified = new Date('2026-01-01T00:00:00Z');
  const before = 'Wed, 31 Dec 2025 00:00:00 GMT';
  const later = 'Fri, 02 Jan 2026 00:00:00 GMT';
  const cases: [Record<string, string>, 200 | 304 | 412][] = [
    [{}, 200],
    [{ 'if-match': '"a"' }, 200],
    [{ 'if-match': '*' }, 200],
    [{ 'if-match': 'W/"a"' }, 412],
    [{ 'if-match': '"b"', 'if-none-match': '"a"' }, 412],
    [{ 'if-unmodified-since': before }, 412],
    [{ 'if-match': '"a"', 'if-unmodified-since': before }, 200],
    [{ 'if-none-match': 'W/"a"' }, 304],
    [{ 'if-none-match': '"b"', 'if-modified-since': later }, 200],
    [{ 'if-modified-since': later }, 304],
    [{ 'if-modified-since': before }, 200],
    [{ 'if-modified-since': 'not a date' }, 200],
  ];
  for (const [headers, status] of cases)
    assert.equal(
      evaluatePreconditions(
        requestPreconditions('GET', (name) => (headers as Record<string, string | undefined>)[name]),
        '"a"',
        modified,
      ) ?? 200,
      status,
      JSON.stringify(headers),
    );
});

test('redirect targets: here, own origin, allowed origins; nothing else', () => {
  const allow = ['https://ok.example'];
  const host = '127.0.0.1:3000';
  assert.equal(redirectTarget('/a?b=1', host, allow), '/a?b=1');
  assert.equal(redirectTarget('http://127.0.0.1:3000/x', host, allow), 'http://127.0.0.1:3000/x');
  assert.equal(redirectTarget('https://OK.example/x', host, allow), 'https://ok.example/x');
  for (const bad of [
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    'https://ok.example.evil.example/',
    'https://a@ok.example/',
    'https://127.0.0.1:3000/',
    'javascript:alert(1)',
    'relative/path',
    '/a b',
    '',
  ])
    assert.equal(typeof redirectTarget(bad, host, allow), 'object', bad);
});

test('requested response headers: tokens, safe values, no hop-by-hop or framing fields', () => {
  assert.deepEqual(checkResponseHeader('X-Trace', ' a\tb '), ['x-trace', 'a\tb']);
  assert.deepEqual(checkResponseHeader('Location', '/x'), ['location', '/x']);
  for (const name of [
    'Connection',
    'keep-alive',
    'TE',
    'Trailer',
    'Upgrade',
    'Transfer-Encoding',
    'Content-Length',
  ])
    assert.match(checkResponseHeader(name, 'x') as string, /is refused/, name);
  assert.match(checkResponseHeader('A B', 'x') as string, /token/);
  assert.match(checkResponseHeader('X-A', 'a\r\nb') as string, /visible ASCII/);
  assert.match(checkResponseHeader('X-A', 'é') as string, /visible ASCII/);
  assert.match(checkResponseHeader('X-A', 'a'.repeat(1025)) as string, /at most 1024/);
});

test('options: query and request headers together, each given once', () => {
  const ctx = { limits: DEFAULT_LIMITS, host: '127.0.0.1:3000' };
  const both = readOptions(
    'sleep=5&header=X-A:1',
    ['Statuskit-Abort', 'mid-body', 'Statuskit-Response-X-B', '2'],
    ctx,
  );
  assert.deepEqual(both, {
    sleep: 5,
    sleepAfterHeaders: 0,
    abort: 'mid-body',
    dribble: undefined,
    message: undefined,
    retryAfter: undefined,
    headers: [
      ['x-a', '1'],
      ['x-b', '2'],
    ],
  });
  assert.deepEqual(readOptions('sleep=5', ['statuskit-sleep', '6'], ctx), {
    problem: 'sleep is given more than once.',
  });
  assert.match(
    (readOptions('', ['Statuskit-Dribble', '1:40000'], ctx) as { problem: string }).problem,
    /dribble must be/,
  );
  const tooMany = Array.from({ length: 21 }, (_, i) => `header=X-${i}:v`).join('&');
  assert.match((readOptions(tooMany, [], ctx) as { problem: string }).problem, /at most 20/);
  assert.equal(
    'problem' in readOptions('cachebuster=1&unknown=2', [], ctx),
    false,
    'unknown query names are ignored',
  );
});
