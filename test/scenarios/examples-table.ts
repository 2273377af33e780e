/**
 * The scenario table for the example notes API (docs/design/example-app.md), run in order against a fresh
 * process of every examples/<framework>.ts. Later scenarios use the note the earlier ones created
 * (`{{note}}` is its Location, `{{etag}}` its ETag).
 */
import { assertScenario, perform, scenarioProblems, type Target, type Vars } from './run.js';
import type { Scenario } from './scenario.js';
import {
  allowFor,
  anyErrorCase,
  ERROR_HEADERS,
  errorCase,
  NO_CONTENT_HEADERS,
  PROBLEM_ACCEPT,
  PROBLEM_HEADERS,
  problemCase,
  SUCCESS_HEADERS,
} from './table.js';

/** The example's body limit: 100 kB. */
export const EXAMPLE_BODY_LIMIT = 100_000;

const WRITE = { authorization: 'Bearer write-token' };
const READ = { authorization: 'Bearer read-token' };
const JSON_BODY = { 'content-type': 'application/json' };
const WRITE_JSON = { ...WRITE, ...JSON_BODY };
const CHALLENGE = { 'www-authenticate': /^Bearer\b/ };
const INTERNAL = { error: 'Internal server error' };
const NOTES_ALLOW = allowFor(['GET', 'POST']);
const NOTE_ALLOW = allowFor(['GET', 'PUT', 'DELETE']);
const CRASH_ALLOW = allowFor(['GET']);

/** A predicate on `data` of a success envelope. */
const data =
  (check: (d: any) => boolean, what: string) =>
  (json: any): true | string =>
    json && typeof json.success === 'string' && check(json.data)
      ? true
      : `expected data with ${what}, got ${JSON.stringify(json)}`;

/** A 400 whose details name `path`. */
const detailsAt =
  (path: string) =>
  (json: any): true | string =>
    Array.isArray(json?.details) && json.details.some((d: any) => d?.path === path)
      ? true
      : `expected details naming ${JSON.stringify(path)}, got ${JSON.stringify(json)}`;

const withCode =
  (code: string) =>
  (json: any): true | string =>
    json?.code === code ? true : `expected code ${code}, got ${JSON.stringify(json)}`;

function invalid(name: string, method: 'POST' | 'PUT', path: string, body: string, field: string): Scenario {
  return {
    name,
    covers: '§6 schema violation → 400 with details',
    request: { method, path, headers: WRITE_JSON, body },
    expect: { status: 400, headers: ERROR_HEADERS, body: detailsAt(field), envelope: 'error' },
  };
}

/** The notes scenarios, in order. */
export const exampleScenarios: Scenario[] = [
  // ── Listing ───────────────────────────────────────────────────────────────────────────────
  {
    name: 'GET /notes answers 200 with a list',
    covers: '§6 GET /notes',
    request: { method: 'GET', path: '/notes' },
    expect: {
      status: 200,
      headers: SUCCESS_HEADERS,
      body: data(Array.isArray, 'an array'),
      envelope: 'success',
    },
  },
  {
    name: 'HEAD /notes answers GET’s status and headers without a body',
    covers: '§2 HEAD',
    request: { method: 'HEAD', path: '/notes' },
    expect: { status: 200, headers: SUCCESS_HEADERS, body: 'none', sameHeadersAsGet: true },
  },

  // ── Creating: auth ────────────────────────────────────────────────────────────────────────
  anyErrorCase(
    'POST /notes without a token answers 401 with WWW-Authenticate: Bearer',
    { method: 'POST', path: '/notes', headers: JSON_BODY, body: '{"title":"No token"}' },
    401,
    CHALLENGE,
    '§6 401',
  ),
  anyErrorCase(
    'POST /notes with an unknown token answers 401',
    {
      method: 'POST',
      path: '/notes',
      headers: { ...JSON_BODY, authorization: 'Bearer nope' },
      body: '{"title":"x"}',
    },
    401,
    CHALLENGE,
    '§6 401',
  ),
  anyErrorCase(
    'POST /notes with a Basic credential answers 401',
    {
      method: 'POST',
      path: '/notes',
      headers: { ...JSON_BODY, authorization: 'Basic d3JpdGUtdG9rZW46' },
      body: '{"title":"x"}',
    },
    401,
    CHALLENGE,
    '§6 401',
  ),
  anyErrorCase(
    'POST /notes with the read-only token answers 403',
    { method: 'POST', path: '/notes', headers: { ...READ, ...JSON_BODY }, body: '{"title":"Read only"}' },
    403,
    {},
    '§6 403',
  ),

  // ── Creating ──────────────────────────────────────────────────────────────────────────────
  {
    name: 'POST /notes answers 201 with Location /notes/<id>',
    covers: '§6 POST /notes → 201 + Location',
    request: {
      method: 'POST',
      path: '/notes',
      headers: WRITE_JSON,
      body: '{"title":"First note","body":"hello"}',
    },
    expect: {
      status: 201,
      headers: { ...SUCCESS_HEADERS, location: /^\/notes\/\d+$/ },
      body: data((d) => d?.title === 'First note' && d?.body === 'hello', 'the new note'),
      envelope: 'success',
    },
    capture: { note: (res) => res.headers.location },
  },
  {
    name: 'POST /notes with a title already taken answers 409',
    covers: '§6 409',
    request: { method: 'POST', path: '/notes', headers: WRITE_JSON, body: '{"title":"First note"}' },
    expect: { status: 409, headers: ERROR_HEADERS, body: withCode('NOTE_TITLE_TAKEN'), envelope: 'error' },
  },
  errorCase(
    'POST /notes with malformed JSON answers 400',
    { method: 'POST', path: '/notes', headers: WRITE_JSON, body: '{"title":' },
    400,
    { error: 'Malformed JSON body' },
    {},
    '§6 400 malformed',
  ),
  invalid(
    'POST /notes with an empty title answers 400 with details',
    'POST',
    '/notes',
    '{"title":""}',
    'title',
  ),
  invalid('POST /notes without a title answers 400 with details', 'POST', '/notes', '{"body":"b"}', 'title'),
  invalid(
    'POST /notes with a numeric title answers 400 with details',
    'POST',
    '/notes',
    '{"title":5}',
    'title',
  ),
  invalid(
    'POST /notes with a 201-character title answers 400 with details',
    'POST',
    '/notes',
    JSON.stringify({ title: 't'.repeat(201) }),
    'title',
  ),
  invalid(
    'POST /notes with a 60 kB body text (over 10,000 characters, under 100 kB) answers 400 with details',
    'POST',
    '/notes',
    JSON.stringify({ title: 'Long body', body: 'b'.repeat(60_000) }),
    'body',
  ),
  anyErrorCase(
    'POST /notes with text/plain answers 415',
    {
      method: 'POST',
      path: '/notes',
      headers: { ...WRITE, 'content-type': 'text/plain' },
      body: '{"title":"x"}',
    },
    415,
    {},
    '§6 415',
  ),
  anyErrorCase(
    'POST /notes with a 150 kB body answers 413',
    {
      method: 'POST',
      path: '/notes',
      headers: WRITE_JSON,
      body: JSON.stringify({ title: 'Huge', body: 'h'.repeat(150_000) }),
      raw: { trickle: 16_384 },
    },
    413,
    {},
    '§6 413',
  ),
  anyErrorCase(
    'GET /notes with a 150 kB body answers 413 too',
    {
      method: 'GET',
      path: '/notes',
      headers: JSON_BODY,
      body: JSON.stringify({ title: 'Huge', body: 'h'.repeat(150_000) }),
      raw: { trickle: 16_384 },
    },
    413,
    {},
    '§2 413 by Content-Length (whatever the route)',
  ),
  {
    name: 'POST /notes with a chunked body growing past 100 kB answers 413',
    covers: '§6 413, §2 chunked overflow',
    request: {
      method: 'POST',
      path: '/notes',
      headers: WRITE_JSON,
      raw: {
        chunks: ['{"title":"Chunked","body":"', ...Array.from({ length: 16 }, () => 'c'.repeat(8192)), '"}'],
      },
    },
    expect: { status: 413, headers: ERROR_HEADERS, envelope: 'error' },
  },
  {
    name: 'POST /notes with Expect: 100-continue and 200 kB answers 413 before any 100',
    covers: '§6 413, §2 before 100 Continue',
    request: {
      method: 'POST',
      path: '/notes',
      headers: WRITE_JSON,
      body: JSON.stringify({ title: 'Expect', body: 'e'.repeat(200_000) }),
      raw: { expectContinue: true },
    },
    expect: { status: 413, headers: ERROR_HEADERS, envelope: 'error', interim: [] },
  },

  // ── Reading with ETag ─────────────────────────────────────────────────────────────────────
  {
    name: 'GET /notes/<id> answers 200 with an ETag',
    covers: '§6 GET /notes/<id> → 200 + ETag',
    request: { method: 'GET', path: '{{note}}' },
    expect: {
      status: 200,
      headers: { ...SUCCESS_HEADERS, etag: /^(?:W\/)?"[^"]*"$/ },
      body: data((d) => d?.title === 'First note', 'the note'),
      envelope: 'success',
    },
    capture: { etag: (res) => res.headers.etag },
  },
  {
    name: 'GET /notes/<id> with If-None-Match of its ETag answers 304 without a body',
    covers: '§6 304, §1.3',
    request: { method: 'GET', path: '{{note}}', headers: { 'if-none-match': '{{etag}}' } },
    expect: { status: 304, headers: { ...NO_CONTENT_HEADERS, etag: '{{etag}}' }, body: 'none' },
  },
  {
    name: 'GET /notes/<id> with a different If-None-Match answers 200',
    covers: '§6 ETag',
    request: { method: 'GET', path: '{{note}}', headers: { 'if-none-match': '"something-else"' } },
    expect: { status: 200, headers: { etag: '{{etag}}' }, envelope: 'success' },
  },
  {
    name: 'HEAD /notes/<id> answers GET’s status and headers without a body',
    covers: '§2 HEAD',
    request: { method: 'HEAD', path: '{{note}}' },
    expect: { status: 200, headers: { etag: '{{etag}}' }, body: 'none', sameHeadersAsGet: true },
  },
  {
    name: 'GET /notes lists the new note',
    covers: '§6 GET /notes',
    request: { method: 'GET', path: '/notes' },
    expect: {
      status: 200,
      body: data(
        (d) => Array.isArray(d) && d.some((n: any) => n?.title === 'First note'),
        'the new note listed',
      ),
    },
  },
  errorCase(
    'GET /notes/<unknown id> answers 404',
    { method: 'GET', path: '/notes/999999' },
    404,
    { error: 'Note not found' },
    {},
    '§6 404',
  ),
  errorCase(
    'GET /notes/<150-digit id> answers 404',
    { method: 'GET', path: `/notes/${'1'.repeat(150)}` },
    404,
    { error: 'Note not found' },
    {},
    '§6 404',
  ),
  anyErrorCase('GET /notes/abc answers 404', { method: 'GET', path: '/notes/abc' }, 404, {}, '§6 404'),

  // ── Replacing ─────────────────────────────────────────────────────────────────────────────
  anyErrorCase(
    'PUT /notes/<id> without a token answers 401',
    { method: 'PUT', path: '{{note}}', headers: JSON_BODY, body: '{"title":"Nope"}' },
    401,
    CHALLENGE,
    '§6 PUT auth',
  ),
  anyErrorCase(
    'PUT /notes/<id> with the read-only token answers 403',
    { method: 'PUT', path: '{{note}}', headers: { ...READ, ...JSON_BODY }, body: '{"title":"Nope"}' },
    403,
    {},
    '§6 PUT auth',
  ),
  errorCase(
    'PUT /notes/<id> with malformed JSON answers 400',
    { method: 'PUT', path: '{{note}}', headers: WRITE_JSON, body: '{"title":"x"' },
    400,
    { error: 'Malformed JSON body' },
    {},
    '§6 PUT body rules',
  ),
  invalid(
    'PUT /notes/<id> with an empty title answers 400 with details',
    'PUT',
    '{{note}}',
    '{"title":""}',
    'title',
  ),
  anyErrorCase(
    'PUT /notes/<id> with text/plain answers 415',
    { method: 'PUT', path: '{{note}}', headers: { ...WRITE, 'content-type': 'text/plain' }, body: 'title' },
    415,
    {},
    '§6 PUT body rules',
  ),
  anyErrorCase(
    'PUT /notes/<unknown id> answers 404',
    { method: 'PUT', path: '/notes/999999', headers: WRITE_JSON, body: '{"title":"Ghost"}' },
    404,
    {},
    '§6 PUT',
  ),
  {
    name: 'PUT /notes/<id> with a matching If-Match answers 200',
    covers: '§6 PUT → 200',
    request: {
      method: 'PUT',
      path: '{{note}}',
      headers: { ...WRITE_JSON, 'if-match': '{{etag}}' },
      body: '{"title":"Renamed note"}',
    },
    expect: {
      status: 200,
      headers: SUCCESS_HEADERS,
      body: data((d) => d?.title === 'Renamed note', 'the renamed note'),
      envelope: 'success',
    },
  },
  anyErrorCase(
    'PUT /notes/<id> with the now stale If-Match answers 412',
    {
      method: 'PUT',
      path: '{{note}}',
      headers: { ...WRITE_JSON, 'if-match': '{{etag}}' },
      body: '{"title":"Lost update"}',
    },
    412,
    {},
    '§6 412',
  ),
  {
    name: 'GET /notes/<id> shows the replacement',
    covers: '§6 PUT',
    request: { method: 'GET', path: '{{note}}' },
    expect: { status: 200, body: data((d) => d?.title === 'Renamed note', 'the renamed note') },
  },

  // ── Deleting ──────────────────────────────────────────────────────────────────────────────
  anyErrorCase(
    'DELETE /notes/<id> without a token answers 401',
    { method: 'DELETE', path: '{{note}}' },
    401,
    CHALLENGE,
    '§6 DELETE auth',
  ),
  anyErrorCase(
    'DELETE /notes/<id> with the read-only token answers 403',
    { method: 'DELETE', path: '{{note}}', headers: READ },
    403,
    {},
    '§6 DELETE auth',
  ),
  {
    name: 'DELETE /notes/<id> answers 204 without a body',
    covers: '§6 DELETE → 204',
    request: { method: 'DELETE', path: '{{note}}', headers: WRITE },
    expect: { status: 204, headers: NO_CONTENT_HEADERS, body: 'none' },
  },
  errorCase(
    'GET /notes/<id> after DELETE answers 404',
    { method: 'GET', path: '{{note}}' },
    404,
    { error: 'Note not found' },
    {},
    '§6 DELETE then 404',
  ),
  anyErrorCase(
    'DELETE /notes/<id> again answers 404',
    { method: 'DELETE', path: '{{note}}', headers: WRITE },
    404,
    {},
    '§6 DELETE then 404',
  ),

  // ── Crash ─────────────────────────────────────────────────────────────────────────────────
  errorCase(
    'GET /crash answers 500 without the secret',
    { method: 'GET', path: '/crash' },
    500,
    INTERNAL,
    {},
    '§6 /crash',
  ),
  problemCase(
    'GET /crash as problem+json hides the secret',
    { method: 'GET', path: '/crash' },
    500,
    'Internal Server Error',
    'Internal server error',
  ),
  {
    name: 'the example still answers after the crash',
    request: { method: 'GET', path: '/notes' },
    expect: { status: 200, envelope: 'success' },
  },

  // ── docs/design/automatic-answers.md on the example's paths ────────────────────────────────────────────────────
  errorCase(
    'an unknown route answers 404',
    { method: 'GET', path: '/nowhere' },
    404,
    { error: 'Not found' },
    {},
    '§2',
  ),
  problemCase(
    'an unknown route as problem+json',
    { method: 'GET', path: '/nowhere' },
    404,
    'Not Found',
    'Not found',
  ),
  errorCase(
    'DELETE /notes answers 405 with Allow',
    { method: 'DELETE', path: '/notes', headers: WRITE },
    405,
    { error: 'Method not allowed' },
    { allow: NOTES_ALLOW },
    '§2 405',
  ),
  errorCase(
    'PATCH /notes/1 answers 405 with Allow',
    { method: 'PATCH', path: '/notes/1', headers: WRITE_JSON, body: '{"title":"p"}' },
    405,
    { error: 'Method not allowed' },
    { allow: NOTE_ALLOW },
    '§2 405',
  ),
  errorCase(
    'POST /crash answers 405 with Allow',
    { method: 'POST', path: '/crash', headers: JSON_BODY, body: '{}' },
    405,
    { error: 'Method not allowed' },
    { allow: CRASH_ALLOW },
    '§2 405',
  ),
  errorCase(
    'FOO /notes answers 501',
    { method: 'FOO', path: '/notes', raw: true },
    501,
    { error: 'Not implemented' },
    {},
    '§2 501',
  ),
  {
    name: 'OPTIONS /notes answers 204 with Allow',
    covers: '§2 OPTIONS',
    request: { method: 'OPTIONS', path: '/notes' },
    expect: { status: 204, headers: { ...NO_CONTENT_HEADERS, allow: NOTES_ALLOW }, body: 'none' },
  },
  {
    name: 'OPTIONS /notes/1 answers 204 with Allow',
    covers: '§2 OPTIONS',
    request: { method: 'OPTIONS', path: '/notes/1' },
    expect: { status: 204, headers: { ...NO_CONTENT_HEADERS, allow: NOTE_ALLOW }, body: 'none' },
  },
  {
    name: 'HEAD on an unknown route answers 404 headers without a body',
    covers: '§2 HEAD',
    request: { method: 'HEAD', path: '/nowhere' },
    expect: { status: 404, headers: ERROR_HEADERS, body: 'none', sameHeadersAsGet: true },
  },
  errorCase(
    'a bad percent-escape in a note path answers 400',
    { method: 'GET', path: '/notes/%E0%A4%A', raw: true },
    400,
    { error: 'Malformed URL encoding' },
    {},
    '§2 percent-encoding',
  ),
  errorCase(
    'a bad request line answers 400',
    { method: 'GET', path: '/', raw: { text: 'GET /notes HTTX/1.1\r\nHost: {host}\r\n\r\n' } },
    400,
    { error: 'Bad request' },
    {},
    '§2 Node client error',
  ),
  errorCase(
    'header overflow answers 431',
    {
      method: 'GET',
      path: '/notes',
      raw: { text: `GET /notes HTTP/1.1\r\nHost: {host}\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n` },
    },
    431,
    { error: 'Request header fields too large' },
    {},
    '§2 Node client error',
  ),
  errorCase(
    'an overlong URI answers 414',
    {
      method: 'GET',
      path: '/notes',
      raw: { text: `GET /notes/${'n'.repeat(20_000)} HTTP/1.1\r\nHost: {host}\r\n\r\n` },
    },
    414,
    { error: 'URI too long' },
    {},
    '§2 Node client error',
  ),
  {
    name: 'validation details as problem+json errors',
    covers: '§1.6',
    request: {
      method: 'POST',
      path: '/notes',
      headers: { ...WRITE_JSON, ...PROBLEM_ACCEPT },
      body: '{"title":""}',
    },
    expect: {
      status: 400,
      headers: PROBLEM_HEADERS,
      envelope: 'problem',
      body: (json: any) =>
        Array.isArray(json?.errors) && json.errors.some((e: any) => e?.path === 'title')
          ? true
          : `expected errors naming title, got ${JSON.stringify(json)}`,
    },
  },
];

/** True when a response carries RateLimit header fields (any draft's names). */
export function hasRateLimitHeaders(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => /^(?:x-)?ratelimit(?:-|$)/.test(name));
}

const rateLimitHeaders = (json: any, res: { headers: Record<string, string> }): true | string => {
  if (!hasRateLimitHeaders(res.headers)) return `no RateLimit header in ${JSON.stringify(res.headers)}`;
  return json?.error === 'Too many requests'
    ? true
    : `expected "Too many requests", got ${JSON.stringify(json)}`;
};

/**
 * Rate limiting (docs/design/example-app.md), for an example started with `RATE_LIMIT=2`: two writes pass, the
 * third answers 429 with Retry-After and RateLimit headers; reads are not limited.
 */
export const rateLimitScenarios: Scenario[] = [
  {
    name: 'a first write within the limit answers 201',
    request: { method: 'POST', path: '/notes', headers: WRITE_JSON, body: '{"title":"Limit one"}' },
    expect: { status: 201 },
  },
  {
    name: 'a second write within the limit answers 201',
    request: { method: 'POST', path: '/notes', headers: WRITE_JSON, body: '{"title":"Limit two"}' },
    expect: { status: 201 },
  },
  {
    name: 'a write over the limit answers 429 with Retry-After and RateLimit headers',
    covers: '§6 429',
    request: { method: 'POST', path: '/notes', headers: WRITE_JSON, body: '{"title":"Limit three"}' },
    expect: {
      status: 429,
      headers: { ...ERROR_HEADERS, 'retry-after': /^[1-9]\d*$/ },
      body: rateLimitHeaders,
      envelope: 'error',
    },
  },
  {
    name: 'reads are not limited',
    request: { method: 'GET', path: '/notes' },
    expect: { status: 200, envelope: 'success' },
  },
];

/**
 * Runs a row of {@link rateLimitScenarios}: a write within the limit gets the status the table
 * fixes and must carry RateLimit headers (an example that does not rate-limit fails); the other
 * rows run as any scenario.
 */
export async function assertRateLimitScenario(target: Target, scenario: Scenario, vars: Vars): Promise<void> {
  if (scenario.expect.status !== 201) return assertScenario(target, scenario, vars);
  const response = await perform(target, scenario.request, false);
  const problems = scenarioProblems(scenario, response);
  if (!hasRateLimitHeaders(response.headers))
    problems.push(
      `no RateLimit header on a write within RATE_LIMIT=2 (the example does not rate-limit): ${JSON.stringify(response.headers)}`,
    );
  if (problems.length > 0) throw new Error(`${scenario.name}:\n  - ${problems.join('\n  - ')}`);
}
