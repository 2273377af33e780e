/**
 * `statuskit serve` from dist/: `/<code>/any/path`, `/random` ranges and weights, response headers
 * on request, Range (`/206`, `/range/{n}`), preconditions (`/etag`, `/cache`), redirect chains and
 * `/redirect-to` that never redirects off the allowed origins, and `serve --help`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { runNode } from './fixtures/run-node.js';
import { type RunningServe, startServeFromDist } from './fixtures/serve-on-free-port.js';

const run = promisify(execFile);
const ALLOWED = 'https://allowed.example';
let serve: RunningServe;
before(async () => {
  serve = await startServeFromDist(['--redirect-allow', ALLOWED, '--max-redirects', '5']);
});
after(() => serve.close());

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${serve.url}${path}`, { redirect: 'manual', ...init });
async function problem(path: string, init: RequestInit = {}): Promise<string> {
  const response = await get(path, init);
  assert.equal(response.status, 400, path);
  return ((await response.json()) as { error: string }).error;
}

test('/<code>/any/sub/path answers like /<code>, with its options', async () => {
  const response = await get('/503/api/v1/items?retryAfter=7');
  assert.equal(response.status, 503);
  assert.equal(response.headers.get('retry-after'), '7');
  assert.deepEqual(await response.json(), { error: 'Service unavailable' });
  const post = await get('/201/notes', { method: 'POST', body: '{}' });
  assert.equal(post.status, 201);
  await post.arrayBuffer();
});

describe('/random', () => {
  async function draw(spec: string, n: number): Promise<number[]> {
    const codes: number[] = [];
    for (let i = 0; i < n; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: 25 }, async () => {
          const response = await get(`/random/${spec}`);
          await response.arrayBuffer();
          return response.status;
        }),
      );
      codes.push(...batch);
    }
    return codes;
  }

  test('a range draws every code in it, and only those', async () => {
    const codes = await draw('500-504', 200);
    assert.deepEqual([...new Set(codes)].sort(), [500, 501, 502, 503, 504]);
  });

  test('decimal weights: 200:0.7,500-504:0.3 gives 5xx about 3 times in 10', async () => {
    const codes = await draw('200:0.7,500-504:0.3', 500);
    const failed = codes.filter((c) => c >= 500).length;
    assert.ok(codes.every((c) => c === 200 || (c >= 500 && c <= 504)));
    // Expected 150 ± 10.2 (one standard deviation); ±50 is almost 5 of them.
    assert.ok(Math.abs(failed - 150) <= 50, `5xx drawn ${failed} times in 500`);
  });

  test('integer weights and ranges with a path after them', async () => {
    const codes = await draw('200:0,418:5/any/path', 50);
    assert.deepEqual([...new Set(codes)], [418]);
  });

  for (const [spec, message] of [
    ['504-500', /runs backwards/],
    ['500-600', /not a status code or a range/],
    ['200:-1', /weight in "200:-1" must be a number/],
    ['200:1e3', /weight in "200:1e3"/],
    ['200-201-202', /not a status code or a range/],
  ] as const) {
    test(`/random/${spec} → 400`, async () => assert.match(await problem(`/random/${spec}`), message));
  }
});

describe('response headers on request', () => {
  test('query and request-header forms; Location and Retry-After replace the defaults', async () => {
    const response = await get('/302?header=Location:/404&header=X-Trace:abc&header=Retry-After:9', {
      headers: { 'Statuskit-Response-Cache-Control': 'max-age=5', origin: 'https://web.example' },
    });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/404');
    assert.equal(response.headers.get('x-trace'), 'abc');
    assert.equal(response.headers.get('retry-after'), '9');
    assert.equal(response.headers.get('cache-control'), 'max-age=5');
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /x-trace/);
    const limited = await get('/429?header=Retry-After:30');
    assert.equal(limited.headers.get('retry-after'), '30');
    await limited.arrayBuffer();
    const waited = await get('/429?retryAfter=30');
    assert.equal(waited.headers.get('retry-after'), '30');
    assert.equal(waited.headers.get('ratelimit'), '"default";r=0;t=30', 'RateLimit tells the same wait');
    await waited.arrayBuffer();
  });

  for (const [query, message] of [
    ['header=Connection:close', /Connection is refused: Connection is hop-by-hop/],
    ['header=Transfer-Encoding:chunked', /Transfer-Encoding is refused: .*frames the message/],
    ['header=Content-Length:1', /Content-Length is refused/],
    ['header=Bad Name:x', /must be a token/],
    ['header=NoColon', /header must be Name:Value/],
    ['header=Location:https://evil.example/', /not on this server/],
    ['header=Location://evil.example/', /not on this server/],
    ['retryAfter=5&header=Retry-After:5', /Retry-After is given twice/],
  ] as const) {
    test(`${query} → 400 saying why`, async () => assert.match(await problem(`/200?${query}`), message));
  }

  test('an unsafe value or an unknown Statuskit- header → 400', async () => {
    assert.match(await problem('/200?header=X-A:%00b'), /visible ASCII/);
    assert.match(await problem('/200', { headers: { 'Statuskit-Slep': '1' } }), /unknown request header/);
    assert.match(await problem('/200', { headers: { 'Statuskit-Response-Upgrade': 'h2c' } }), /hop-by-hop/);
  });
});

describe('faults are validated', () => {
  for (const [path, message] of [
    ['/200?abort=sometimes', /abort must be before-headers, after-headers or mid-body/],
    ['/200?dribble=0:100', /dribble must be <bytes>:<ms>/],
    ['/200?dribble=1:100000', /dribble must be/],
    ['/200?sleep=31000', /from 0 to 30000/],
    ['/204?dribble=1:10', /dribble needs body bytes; 204 sends none/],
    ['/200?sleep=20000&sleepAfterHeaders=20000', /the waits add up to 40000 ms/],
  ] as const) {
    test(`${path} → 400`, async () => assert.match(await problem(path), message));
  }
});

describe('Range', () => {
  test('/206 sends 206 and Content-Range only when asked', async () => {
    const whole = await get('/206');
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('content-range'), null);
    assert.deepEqual(await whole.json(), { success: 'Partial content' });
    const part = await get('/206', { headers: { range: 'bytes=1-9' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 1-9/29');
    assert.equal(await part.text(), '"success"');
    const none = await get('/206', { headers: { range: 'bytes=29-' } });
    assert.equal(none.status, 416);
    assert.equal(none.headers.get('content-range'), 'bytes */29');
    assert.deepEqual(await none.json(), { error: 'Range not satisfiable' });
  });

  test('/range/{n}: first, last, suffix and open ranges; ignored when malformed, multiple or not GET', async () => {
    const cases: [string | undefined, number, string | null, string][] = [
      [undefined, 200, null, 'abcdefghijklmnopqrstuvwxyzabcd'],
      ['bytes=0-0', 206, 'bytes 0-0/30', 'a'],
      ['bytes=26-', 206, 'bytes 26-29/30', 'abcd'],
      ['bytes=-3', 206, 'bytes 27-29/30', 'bcd'],
      ['bytes=25-99', 206, 'bytes 25-29/30', 'zabcd'],
      ['bytes=5-2', 200, null, 'abcdefghijklmnopqrstuvwxyzabcd'],
      ['bytes=0-1,4-5', 200, null, 'abcdefghijklmnopqrstuvwxyzabcd'],
      ['items=0-1', 200, null, 'abcdefghijklmnopqrstuvwxyzabcd'],
      ['bytes=-0', 416, 'bytes */30', '{"error":"Range not satisfiable"}'],
    ];
    for (const [range, status, contentRange, body] of cases) {
      const response = await get('/range/30', { headers: range ? { range } : {} });
      assert.equal(response.status, status, `${range}`);
      assert.equal(response.headers.get('content-range'), contentRange, `${range}`);
      assert.equal(await response.text(), body, `${range}`);
    }
    const post = await get('/range/30', { method: 'POST', headers: { range: 'bytes=0-1' } });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD, OPTIONS');
    await post.arrayBuffer();
    assert.match(await problem('/range/200000'), /at most|from 0 to 102400/);
  });

  test('If-Range: the range only while the strong ETag matches', async () => {
    const matching = await get('/range/10', { headers: { range: 'bytes=0-1', 'if-range': '"range-10"' } });
    assert.equal(matching.status, 206);
    await matching.arrayBuffer();
    const stale = await get('/range/10', { headers: { range: 'bytes=0-1', 'if-range': '"range-9"' } });
    assert.equal(stale.status, 200);
    assert.equal(await stale.text(), 'abcdefghij');
  });

  test('curl -r reads a range', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '-r',
      '2-5',
      '-w',
      ' %{http_code}',
      `${serve.url}/range/26`,
    ]);
    assert.equal(stdout, 'cdef 206');
  });
});

describe('preconditions', () => {
  test('/etag/{etag}: 200, 304 on If-None-Match (weak compare), 412 on a failing If-Match', async () => {
    const fresh = await get('/etag/v1');
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('etag'), '"v1"');
    await fresh.arrayBuffer();
    for (const inm of ['"v1"', 'W/"v1"', '"v0", "v1"', '*']) {
      const response = await get('/etag/v1', { headers: { 'if-none-match': inm } });
      assert.equal(response.status, 304, inm);
      assert.equal(response.headers.get('etag'), '"v1"');
      assert.equal(await response.text(), '');
    }
    const changed = await get('/etag/v1', { headers: { 'if-none-match': '"v0"' } });
    assert.equal(changed.status, 200);
    await changed.arrayBuffer();
    for (const im of ['"v0"', 'W/"v1"']) {
      const response = await get('/etag/v1', { headers: { 'if-match': im } });
      assert.equal(response.status, 412, im);
      await response.arrayBuffer();
    }
    const matched = await get('/etag/v1', { headers: { 'if-match': '"v1"' } });
    assert.equal(matched.status, 200);
    await matched.arrayBuffer();
  });

  test('/cache: 304 on If-Modified-Since or If-None-Match; /cache/{n} sets max-age', async () => {
    const first = await get('/cache');
    const lastModified = first.headers.get('last-modified')!;
    const etag = first.headers.get('etag')!;
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    await first.arrayBuffer();
    const since = await get('/cache', { headers: { 'if-modified-since': lastModified } });
    assert.equal(since.status, 304);
    const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
    const modified = await get('/cache', { headers: { 'if-modified-since': older } });
    assert.equal(modified.status, 200);
    await modified.arrayBuffer();
    const tagged = await get('/cache', { headers: { 'if-none-match': etag, 'if-modified-since': older } });
    assert.equal(tagged.status, 304, 'If-None-Match wins over If-Modified-Since');
    const aged = await get('/cache/60');
    assert.equal(aged.headers.get('cache-control'), 'public, max-age=60');
    await aged.arrayBuffer();
  });
});

describe('redirects', () => {
  test('/redirect/{n}: fetch and curl follow n hops to /200', async () => {
    const followed = await fetch(`${serve.url}/redirect/3`);
    assert.equal(followed.status, 200);
    assert.equal(followed.url, `${serve.url}/200`);
    await followed.arrayBuffer();
    const { stdout } = await run('curl', [
      '-sS',
      '-L',
      '-o',
      '/dev/null',
      '-w',
      '%{num_redirects} %{http_code}',
      `${serve.url}/redirect/5?status=307`,
    ]);
    assert.equal(stdout, '5 200');
    const first = await get('/redirect/2?status=308', { method: 'POST' });
    assert.equal(first.status, 308);
    assert.equal(first.headers.get('location'), '/redirect/1?status=308');
    await first.arrayBuffer();
    assert.match(await problem('/redirect/6'), /from 1 to 5 \(--max-redirects\)/);
    assert.match(await problem('/redirect/2?status=200'), /redirect code/);
  });

  test('/redirect-to: paths here, this origin and --redirect-allow origins; nothing else', async () => {
    const own = `${serve.url}/204`;
    for (const [url, location] of [
      ['/404', '/404'],
      [own, own],
      [`${ALLOWED}/callback?x=1`, `${ALLOWED}/callback?x=1`],
    ] as const) {
      const response = await get(`/redirect-to?url=${encodeURIComponent(url)}&status=303`);
      assert.equal(response.status, 303, url);
      assert.equal(response.headers.get('location'), location);
      await response.arrayBuffer();
    }
    for (const url of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example/',
      `https://user@evil.example/`,
      `${ALLOWED}.evil.example/`,
      'javascript:alert(1)',
      `http://${new URL(serve.url).host}@evil.example/`,
    ]) {
      assert.match(
        await problem(`/redirect-to?url=${encodeURIComponent(url)}`),
        /not on this server|visible ASCII/,
        url,
      );
    }
  });
});

test('serve --help names every option and endpoint; a bad limit exits 2', async () => {
  const help = await runNode(['dist/cli/main.js', 'serve', '--help'], {
    cwd: new URL('..', import.meta.url),
  });
  assert.equal(help.code, 0);
  for (const word of [
    '--host',
    '--port',
    '--max-sleep',
    '--max-delayed',
    '--max-redirects',
    '--max-range-bytes',
    '--redirect-allow',
    '/<code>/any/path',
    '/random/',
    '/206',
    '/range/<n>',
    '/etag/<etag>',
    '/cache',
    '/redirect/<n>',
    '/redirect-to',
    '/codes',
    'sleep=',
    'sleepAfterHeaders=',
    'abort=',
    'dribble=',
    'message=',
    'retryAfter=',
    'header=',
    'Statuskit-Sleep',
    'Statuskit-Sleep-After-Headers',
    'Statuskit-Abort',
    'Statuskit-Dribble',
    'Statuskit-Response-<Name>',
  ])
    assert.ok(help.stdout.includes(word), `help mentions ${word}`);
  const bad = await runNode(['dist/cli/main.js', 'serve', '--max-sleep', 'long'], {
    cwd: new URL('..', import.meta.url),
  });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-sleep must be a whole number/);
  const origin = await runNode(['dist/cli/main.js', 'serve', '--redirect-allow', 'https://a.example/path'], {
    cwd: new URL('..', import.meta.url),
  });
  assert.equal(origin.code, 2);
  assert.match(origin.stderr, /--redirect-allow takes an origin/);
});
