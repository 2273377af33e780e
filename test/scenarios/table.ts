/**
 * The shared scenario table for the adapter fixture apps (test/fixtures/README.md): every row of
 * docs/design/automatic-answers.md and every fixture route, with one expectation for every framework.
 */
import type { HeaderExpectation, Scenario, ScenarioRequest } from './scenario.js';

/** The methods each fixture route handles (from test/fixtures/README.md). */
export const FIXTURE_ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/items': ['GET', 'POST'],
  '/items/:id': ['GET', 'PUT', 'DELETE'],
  '/crash': ['GET'],
  '/async-crash': ['GET'],
  '/http-errors': ['GET'],
  '/http-errors-500': ['GET'],
  '/boom': ['GET'],
  '/rate-limited': ['GET'],
  '/exposed': ['GET'],
  '/coded': ['GET'],
  '/framework-error': ['GET'],
  '/late-error': ['GET'],
  '/validate': ['POST'],
  '/redirect': ['GET'],
  '/no-content': ['GET'],
};

/** The body limit the fixture apps are started with. */
export const FIXTURE_BODY_LIMIT = 1024;

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The `Allow` value a route must answer with (docs/design/automatic-answers.md): its methods, HEAD where GET exists, and
 * OPTIONS, in the order GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.
 */
export function allowFor(methods: readonly string[]): string {
  const set = new Set(methods);
  if (set.has('GET')) set.add('HEAD');
  set.add('OPTIONS');
  return METHOD_ORDER.filter((m) => set.has(m)).join(', ');
}

function allowOf(route: string): string {
  const methods = FIXTURE_ROUTES[route];
  if (!methods) throw new Error(`no fixture route ${route}`);
  return allowFor(methods);
}

/** Headers every JSON error carries. */
export const ERROR_HEADERS: Record<string, HeaderExpectation> = {
  'content-type': /^application\/json; ?charset=utf-8$/i,
  'cache-control': /\bno-store\b/,
};
/** Headers every problem-details error carries. */
export const PROBLEM_HEADERS: Record<string, HeaderExpectation> = {
  'content-type': /^application\/problem\+json(?:; ?charset=utf-8)?$/i,
  'cache-control': /\bno-store\b/,
};
export const SUCCESS_HEADERS: Record<string, HeaderExpectation> = {
  'content-type': /^application\/json; ?charset=utf-8$/i,
};
/** What a response without content must not carry. */
export const NO_CONTENT_HEADERS: Record<string, HeaderExpectation> = {
  'content-type': null,
  'content-length': null,
  'transfer-encoding': null,
};

export const PROBLEM_ACCEPT = { accept: 'application/problem+json' };
const JSON_BODY = { 'content-type': 'application/json' };

/** An error scenario with an exact body. */
export function errorCase(
  name: string,
  request: ScenarioRequest,
  status: number,
  body: unknown,
  headers: Record<string, HeaderExpectation> = {},
  covers?: string,
): Scenario {
  const scenario: Scenario = {
    name,
    request,
    expect: { status, headers: { ...ERROR_HEADERS, ...headers }, body, envelope: 'error' },
  };
  if (covers) scenario.covers = covers;
  return scenario;
}

/** An error scenario where only the status and a valid envelope are fixed (the message may vary). */
export function anyErrorCase(
  name: string,
  request: ScenarioRequest,
  status: number,
  headers: Record<string, HeaderExpectation> = {},
  covers?: string,
): Scenario {
  const scenario: Scenario = {
    name,
    request,
    expect: { status, headers: { ...ERROR_HEADERS, ...headers }, envelope: 'error' },
  };
  if (covers) scenario.covers = covers;
  return scenario;
}

/** A problem-details scenario: the RFC 9457 body for the status and detail. */
export function problemCase(
  name: string,
  request: ScenarioRequest,
  status: number,
  title: string,
  detail: string | undefined,
  headers: Record<string, HeaderExpectation> = {},
): Scenario {
  const body =
    detail === undefined
      ? (json: any) =>
          typeof json?.detail === 'string' && json.status === status && json.title === title
            ? true
            : `expected a problem with status ${status}, got ${JSON.stringify(json)}`
      : { type: 'about:blank', title, status, detail };
  return {
    name,
    covers: '§1.6 problem details',
    request: { ...request, headers: { ...PROBLEM_ACCEPT, ...request.headers } },
    expect: { status, headers: { ...PROBLEM_HEADERS, ...headers }, body, envelope: 'problem' },
  };
}

/** A JSON body of exactly `size` bytes. */
export function jsonOfSize(size: number): string {
  const shell = '{"name":""}';
  if (size < shell.length) throw new Error('too small');
  return `{"name":"${'x'.repeat(size - shell.length)}"}`;
}

const ITEMS_BODY = { success: 'OK', data: [{ id: 1 }] };
const ITEMS_LENGTH = String(Buffer.byteLength(JSON.stringify(ITEMS_BODY)));
const ITEM_BODY = { success: 'OK', data: { id: 1 } };
const ITEM_LENGTH = String(Buffer.byteLength(JSON.stringify(ITEM_BODY)));
const INTERNAL = { error: 'Internal server error' };

const detailsFor =
  (path: string) =>
  (json: any): true | string => {
    const details = json?.details;
    if (!Array.isArray(details) || details.length === 0) return `no details in ${JSON.stringify(json)}`;
    if (!details.some((d: any) => d?.path === path && typeof d?.message === 'string' && d.message !== '')) {
      return `no detail for path ${JSON.stringify(path)} in ${JSON.stringify(details)}`;
    }
    return true;
  };

/** The fixture scenarios, run in order against every adapter's fixture app. */
export const scenarios: Scenario[] = [
  // ── Fixture routes: successes ─────────────────────────────────────────────────────────────
  {
    name: 'GET /items answers 200 with the success envelope',
    covers: 'route GET /items, §1.2',
    request: { method: 'GET', path: '/items' },
    expect: { status: 200, headers: SUCCESS_HEADERS, body: ITEMS_BODY, envelope: 'success' },
  },
  {
    name: 'GET /items with a query string still routes to /items',
    request: { method: 'GET', path: '/items?page=2&q=a%20b' },
    expect: { status: 200, headers: SUCCESS_HEADERS, body: ITEMS_BODY },
  },
  {
    name: 'GET /items/1 answers 200 with the item',
    covers: 'route GET /items/:id',
    request: { method: 'GET', path: '/items/1' },
    expect: { status: 200, headers: SUCCESS_HEADERS, body: ITEM_BODY, envelope: 'success' },
  },
  {
    name: 'POST /items answers 201 with Location and the parsed body',
    covers: 'route POST /items, §1.7 201 Location',
    request: { method: 'POST', path: '/items', headers: JSON_BODY, body: '{"name":"widget","tags":["a"]}' },
    expect: {
      status: 201,
      headers: { ...SUCCESS_HEADERS, location: '/items/2' },
      body: { success: 'Created', data: { name: 'widget', tags: ['a'] } },
      envelope: 'success',
    },
  },
  {
    name: 'POST /items accepts application/json with a charset parameter',
    request: {
      method: 'POST',
      path: '/items',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"name":"wídget ✓"}',
    },
    expect: {
      status: 201,
      headers: { location: '/items/2' },
      body: { success: 'Created', data: { name: 'wídget ✓' } },
    },
  },
  {
    name: 'POST /items with a body of exactly the limit (1024 bytes) is accepted',
    covers: '§2 body limit boundary',
    request: { method: 'POST', path: '/items', headers: JSON_BODY, body: jsonOfSize(FIXTURE_BODY_LIMIT) },
    expect: { status: 201, headers: { location: '/items/2' }, envelope: 'success' },
  },
  {
    name: 'PUT /items/1 answers 200 with the parsed body',
    covers: 'route PUT /items/:id',
    request: { method: 'PUT', path: '/items/1', headers: JSON_BODY, body: '{"name":"renamed"}' },
    expect: { status: 200, headers: SUCCESS_HEADERS, body: { success: 'OK', data: { name: 'renamed' } } },
  },
  {
    name: 'DELETE /items/1 answers 204 without body, Content-Type or Content-Length',
    covers: 'route DELETE /items/:id, §1.3',
    request: { method: 'DELETE', path: '/items/1' },
    expect: { status: 204, headers: NO_CONTENT_HEADERS, body: 'none' },
  },
  {
    name: 'GET /no-content answers 204 without body, Content-Type or Content-Length',
    covers: 'route GET /no-content, §1.3',
    request: { method: 'GET', path: '/no-content' },
    expect: { status: 204, headers: NO_CONTENT_HEADERS, body: 'none' },
  },
  {
    name: 'GET /redirect answers 302 with Location and the success envelope',
    covers: 'route GET /redirect, §1.7 3xx Location',
    request: { method: 'GET', path: '/redirect' },
    expect: {
      status: 302,
      headers: { ...SUCCESS_HEADERS, location: '/items' },
      body: { success: 'Found' },
      envelope: 'success',
    },
  },

  // ── HEAD ──────────────────────────────────────────────────────────────────────────────────
  {
    name: 'HEAD /items answers GET’s status and headers with zero body bytes',
    covers: '§2 HEAD on a GET route',
    request: { method: 'HEAD', path: '/items' },
    expect: {
      status: 200,
      headers: { ...SUCCESS_HEADERS, 'content-length': ITEMS_LENGTH },
      body: 'none',
      sameHeadersAsGet: true,
    },
  },
  {
    name: 'HEAD /items/1 answers GET’s status and headers with zero body bytes',
    covers: '§2 HEAD on a GET route',
    request: { method: 'HEAD', path: '/items/1' },
    expect: {
      status: 200,
      headers: { ...SUCCESS_HEADERS, 'content-length': ITEM_LENGTH },
      body: 'none',
      sameHeadersAsGet: true,
    },
  },
  {
    name: 'HEAD /items/2 answers GET’s 404 headers with zero body bytes',
    covers: '§2 HEAD on a GET route',
    request: { method: 'HEAD', path: '/items/2' },
    expect: { status: 404, headers: ERROR_HEADERS, body: 'none', sameHeadersAsGet: true },
  },
  {
    name: 'HEAD on an unknown route answers 404 headers with zero body bytes',
    covers: '§2 unknown route, HEAD',
    request: { method: 'HEAD', path: '/nowhere' },
    expect: { status: 404, headers: ERROR_HEADERS, body: 'none', sameHeadersAsGet: true },
  },

  {
    name: 'HEAD /crash answers GET’s 500 headers with zero body bytes',
    covers: '§2 HEAD on a GET route',
    request: { method: 'HEAD', path: '/crash' },
    expect: { status: 500, headers: ERROR_HEADERS, body: 'none', sameHeadersAsGet: true },
  },
  {
    name: 'HEAD /no-content answers 204 like GET',
    covers: '§2 HEAD on a GET route',
    request: { method: 'HEAD', path: '/no-content' },
    expect: { status: 204, headers: NO_CONTENT_HEADERS, body: 'none', sameHeadersAsGet: true },
  },
  {
    name: 'HEAD on a POST-only route answers 405 with Allow and no body',
    covers: '§2 405 + Allow, HEAD',
    request: { method: 'HEAD', path: '/validate' },
    expect: { status: 405, headers: { ...ERROR_HEADERS, allow: allowOf('/validate') }, body: 'none' },
  },

  // ── Unknown routes ────────────────────────────────────────────────────────────────────────
  errorCase('unknown route answers 404 in the envelope', { method: 'GET', path: '/nowhere' }, 404, {
    error: 'Not found',
  }),
  errorCase(
    'unknown nested route answers 404',
    { method: 'GET', path: '/items/1/parts/2' },
    404,
    { error: 'Not found' },
    {},
    '§2 unknown route',
  ),
  errorCase(
    'unknown route answers JSON even when the client asks for HTML',
    { method: 'GET', path: '/nowhere', headers: { accept: 'text/html' } },
    404,
    { error: 'Not found' },
    {},
    '§2 unknown route',
  ),
  errorCase(
    'POST to an unknown route answers 404',
    { method: 'POST', path: '/nowhere', headers: JSON_BODY, body: '{}' },
    404,
    { error: 'Not found' },
    {},
    '§2 unknown route',
  ),

  // ── 405 with Allow ────────────────────────────────────────────────────────────────────────
  errorCase(
    'DELETE /items answers 405 with Allow from the route',
    { method: 'DELETE', path: '/items' },
    405,
    { error: 'Method not allowed' },
    { allow: allowOf('/items') },
    '§2 405 + Allow',
  ),
  errorCase(
    'PATCH /items/1 answers 405 with Allow from the route',
    { method: 'PATCH', path: '/items/1', headers: JSON_BODY, body: '{}' },
    405,
    { error: 'Method not allowed' },
    { allow: allowOf('/items/:id') },
    '§2 405 + Allow',
  ),
  errorCase(
    'POST /crash answers 405 (the handler is not run)',
    { method: 'POST', path: '/crash', headers: JSON_BODY, body: '{}' },
    405,
    { error: 'Method not allowed' },
    { allow: allowOf('/crash') },
    '§2 405 + Allow',
  ),
  errorCase(
    'GET /validate answers 405 with Allow: POST, OPTIONS',
    { method: 'GET', path: '/validate' },
    405,
    { error: 'Method not allowed' },
    { allow: allowOf('/validate') },
    '§2 405 + Allow',
  ),
  errorCase(
    'TRACE /items answers 405 (a known method the route does not handle)',
    { method: 'TRACE', path: '/items', raw: true },
    405,
    { error: 'Method not allowed' },
    { allow: allowOf('/items') },
    '§2 405 + Allow',
  ),

  // ── 501 ───────────────────────────────────────────────────────────────────────────────────
  errorCase(
    'FOO /items answers 501',
    { method: 'FOO', path: '/items', raw: true },
    501,
    { error: 'Not implemented' },
    {},
    '§2 501 unknown method',
  ),
  anyErrorCase(
    'PURGE /items (parsed by Node, unknown to statuskit) answers 501',
    { method: 'PURGE', path: '/items', raw: true },
    501,
    {},
    '§2 501 unknown method',
  ),

  // ── OPTIONS ───────────────────────────────────────────────────────────────────────────────
  {
    name: 'OPTIONS /items answers 204 with Allow',
    covers: '§2 OPTIONS',
    request: { method: 'OPTIONS', path: '/items' },
    expect: { status: 204, headers: { ...NO_CONTENT_HEADERS, allow: allowOf('/items') }, body: 'none' },
  },
  {
    name: 'OPTIONS /items/1 answers 204 with Allow',
    covers: '§2 OPTIONS',
    request: { method: 'OPTIONS', path: '/items/1' },
    expect: { status: 204, headers: { ...NO_CONTENT_HEADERS, allow: allowOf('/items/:id') }, body: 'none' },
  },
  {
    name: 'OPTIONS /validate answers 204 with Allow: POST, OPTIONS',
    covers: '§2 OPTIONS',
    request: { method: 'OPTIONS', path: '/validate' },
    expect: { status: 204, headers: { ...NO_CONTENT_HEADERS, allow: allowOf('/validate') }, body: 'none' },
  },
  errorCase(
    'OPTIONS on an unknown route answers 404',
    { method: 'OPTIONS', path: '/nowhere' },
    404,
    { error: 'Not found' },
    {},
    '§2 unknown route',
  ),

  // ── Request bodies ────────────────────────────────────────────────────────────────────────
  errorCase(
    'malformed JSON answers 400',
    { method: 'POST', path: '/items', headers: JSON_BODY, body: '{"a":' },
    400,
    { error: 'Malformed JSON body' },
    {},
    '§2 malformed JSON',
  ),
  errorCase(
    'malformed JSON on PUT answers 400',
    { method: 'PUT', path: '/items/1', headers: JSON_BODY, body: "{'single': 'quotes'}" },
    400,
    { error: 'Malformed JSON body' },
    {},
    '§2 malformed JSON',
  ),
  {
    name: 'POST /items accepts an application/*+json body',
    covers: '§2 JSON content types',
    request: {
      method: 'POST',
      path: '/items',
      headers: { 'content-type': 'application/vnd.api+json' },
      body: '{"name":"vendor"}',
    },
    expect: {
      status: 201,
      headers: { location: '/items/2' },
      body: { success: 'Created', data: { name: 'vendor' } },
    },
  },
  anyErrorCase(
    'text/plain body answers 415',
    { method: 'POST', path: '/items', headers: { 'content-type': 'text/plain' }, body: '{"name":"x"}' },
    415,
    {},
    '§2 415',
  ),
  anyErrorCase(
    'form-encoded body answers 415',
    {
      method: 'POST',
      path: '/items',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    },
    415,
    {},
    '§2 415',
  ),
  anyErrorCase(
    'a text/plain body on DELETE answers 415',
    { method: 'DELETE', path: '/items/1', headers: { 'content-type': 'text/plain' }, body: 'abc' },
    415,
    {},
    '§2 415',
  ),
  anyErrorCase(
    'a body without Content-Type answers 415',
    { method: 'POST', path: '/items', body: '{"name":"x"}', raw: true },
    415,
    {},
    '§2 415',
  ),
  anyErrorCase(
    'a body one byte over the limit (1025 bytes) answers 413',
    {
      method: 'POST',
      path: '/items',
      headers: JSON_BODY,
      body: jsonOfSize(FIXTURE_BODY_LIMIT + 1),
      raw: true,
    },
    413,
    {},
    '§2 413 by Content-Length',
  ),
  anyErrorCase(
    'a 4 kB body answers 413 from its Content-Length',
    { method: 'POST', path: '/items', headers: JSON_BODY, body: jsonOfSize(4096), raw: { trickle: 512 } },
    413,
    {},
    '§2 413 by Content-Length',
  ),
  anyErrorCase(
    'a body over the limit on a GET route answers 413 too',
    { method: 'GET', path: '/items', headers: JSON_BODY, body: jsonOfSize(4096), raw: true },
    413,
    {},
    '§2 413 by Content-Length (whatever the route)',
  ),
  {
    name: 'a chunked body that grows past the limit answers 413',
    covers: '§2 413 on chunked overflow',
    request: {
      method: 'POST',
      path: '/items',
      headers: JSON_BODY,
      raw: { chunks: ['{"name":"', ...Array.from({ length: 12 }, () => 'y'.repeat(256)), '"}'] },
    },
    expect: { status: 413, headers: ERROR_HEADERS, envelope: 'error' },
  },
  {
    name: 'a chunked body within the limit is accepted',
    covers: '§2 chunked body',
    request: {
      method: 'POST',
      path: '/items',
      headers: JSON_BODY,
      raw: { chunks: ['{"name":', '"chun', 'ked"}'] },
    },
    expect: {
      status: 201,
      headers: { location: '/items/2' },
      body: { success: 'Created', data: { name: 'chunked' } },
    },
  },
  {
    name: 'Expect: 100-continue with an oversized Content-Length answers 413 before any 100',
    covers: '§2 413 before 100 Continue',
    request: {
      method: 'POST',
      path: '/items',
      headers: JSON_BODY,
      body: jsonOfSize(5000),
      raw: { expectContinue: true },
    },
    expect: { status: 413, headers: ERROR_HEADERS, envelope: 'error', interim: [] },
  },
  {
    name: 'Expect: 100-continue with a small body gets 100 then 201',
    covers: '§2 100 Continue',
    request: {
      method: 'POST',
      path: '/items',
      headers: JSON_BODY,
      body: '{"name":"continued"}',
      raw: { expectContinue: true },
    },
    expect: {
      status: 201,
      headers: { location: '/items/2' },
      body: { success: 'Created', data: { name: 'continued' } },
      interim: [100],
    },
  },
  {
    name: 'POST /validate with a schema violation answers 400 with details',
    covers: '§2 schema validation, route POST /validate',
    request: { method: 'POST', path: '/validate', headers: JSON_BODY, body: '{"name":42}' },
    expect: { status: 400, headers: ERROR_HEADERS, body: detailsFor('name'), envelope: 'error' },
  },

  // ── Percent-encoding ──────────────────────────────────────────────────────────────────────
  errorCase(
    'a truncated percent-escape in the path answers 400',
    { method: 'GET', path: '/items/%E0%A4%A', raw: true },
    400,
    { error: 'Malformed URL encoding' },
    {},
    '§2 bad percent-encoding',
  ),
  errorCase(
    'a non-hex percent-escape in the path answers 400',
    { method: 'GET', path: '/items/%zz', raw: true },
    400,
    { error: 'Malformed URL encoding' },
    {},
    '§2 bad percent-encoding',
  ),
  errorCase(
    'a percent-escape that is not UTF-8 answers 400',
    { method: 'GET', path: '/items/%C0%AF', raw: true },
    400,
    { error: 'Malformed URL encoding' },
    {},
    '§2 bad percent-encoding',
  ),
  errorCase(
    'a well-formed percent-encoded id reaches the route (404 from the handler)',
    { method: 'GET', path: '/items/%E2%9C%93' },
    404,
    { error: 'Item not found' },
    {},
    '§2 percent-encoding',
  ),

  // ── Errors from the application ───────────────────────────────────────────────────────────
  errorCase(
    'NotFoundError from a handler answers 404 with its message',
    { method: 'GET', path: '/items/2' },
    404,
    { error: 'Item not found' },
    {},
    '§2 thrown HttpError',
  ),
  errorCase(
    'a 200-character id reaches the route (404 from the handler)',
    { method: 'GET', path: `/items/${'b'.repeat(200)}` },
    404,
    { error: 'Item not found' },
    {},
    'route GET /items/:id',
  ),
  errorCase(
    'a synchronous throw answers 500 without the secret',
    { method: 'GET', path: '/crash' },
    500,
    INTERNAL,
    {},
    '§2 anything else thrown, §1.5',
  ),
  errorCase(
    'a rejected promise answers 500 without the secret',
    { method: 'GET', path: '/async-crash' },
    500,
    INTERNAL,
    {},
    '§2 anything else rejected, §1.5',
  ),
  errorCase(
    'http-errors 404 answers with its message',
    { method: 'GET', path: '/http-errors' },
    404,
    { error: 'Gone missing' },
    {},
    '§2 foreign http-errors',
  ),
  errorCase(
    'http-errors 500 hides its message',
    { method: 'GET', path: '/http-errors-500' },
    500,
    INTERNAL,
    {},
    '§2 foreign http-errors, §1.5',
  ),
  errorCase(
    'Boom conflict answers 409',
    { method: 'GET', path: '/boom' },
    409,
    { error: 'Boom conflict' },
    {},
    '§2 foreign Boom',
  ),
  errorCase(
    'TooManyRequestsError answers 429 with Retry-After',
    { method: 'GET', path: '/rate-limited' },
    429,
    { error: 'Too many requests' },
    { 'retry-after': '5' },
    '§2 thrown HttpError, §1.7 Retry-After',
  ),
  errorCase(
    'an exposed 503 keeps its message',
    { method: 'GET', path: '/exposed' },
    503,
    { error: 'Back soon' },
    {},
    '§1.5 expose',
  ),
  errorCase(
    'an error with a code carries it',
    { method: 'GET', path: '/coded' },
    409,
    { error: 'Title taken', code: 'TITLE_TAKEN' },
    {},
    '§1.1 code',
  ),
  errorCase(
    'the framework’s own 403 idiom answers in the envelope',
    { method: 'GET', path: '/framework-error' },
    403,
    { error: 'Nope' },
    {},
    '§2 framework errors',
  ),
  {
    name: 'an error after the headers were sent ends the connection',
    covers: '§2 error after headers sent',
    request: { method: 'GET', path: '/late-error', raw: true },
    expect: { status: 200, complete: false },
  },
  {
    name: 'the server still answers after a late error',
    covers: '§2 error after headers sent: the process stays up',
    request: { method: 'GET', path: '/items' },
    expect: { status: 200, body: ITEMS_BODY },
  },

  // ── Problem details ───────────────────────────────────────────────────────────────────────
  problemCase(
    'unknown route as problem+json',
    { method: 'GET', path: '/nowhere' },
    404,
    'Not Found',
    'Not found',
  ),
  problemCase(
    'a crash as problem+json hides the secret',
    { method: 'GET', path: '/crash' },
    500,
    'Internal Server Error',
    'Internal server error',
  ),
  problemCase(
    '405 as problem+json keeps Allow',
    { method: 'DELETE', path: '/items' },
    405,
    'Method Not Allowed',
    'Method not allowed',
    { allow: allowOf('/items') },
  ),
  problemCase(
    'malformed JSON as problem+json',
    { method: 'POST', path: '/items', headers: JSON_BODY, body: '{"a":' },
    400,
    'Bad Request',
    'Malformed JSON body',
  ),
  problemCase(
    'an error code becomes a problem extension',
    { method: 'GET', path: '/coded' },
    409,
    'Conflict',
    undefined,
  ),
  {
    name: 'validation details become the problem’s errors extension',
    covers: '§1.6 problem details',
    request: { method: 'POST', path: '/validate', headers: { ...JSON_BODY, ...PROBLEM_ACCEPT }, body: '{}' },
    expect: {
      status: 400,
      headers: PROBLEM_HEADERS,
      envelope: 'problem',
      body: (json: any) =>
        Array.isArray(json?.errors) && json.errors.some((e: any) => e?.path === 'name')
          ? true
          : `no errors[] entry for name in ${JSON.stringify(json)}`,
    },
  },
  problemCase(
    'PURGE /items as problem+json',
    { method: 'PURGE', path: '/items', raw: true },
    501,
    'Not Implemented',
    undefined,
  ),
  {
    name: 'the early 413 before 100 Continue as problem+json',
    covers: '§1.6 problem details, §2 413 before 100 Continue',
    request: {
      method: 'POST',
      path: '/items',
      headers: { ...JSON_BODY, ...PROBLEM_ACCEPT },
      body: jsonOfSize(5000),
      raw: { expectContinue: true },
    },
    expect: { status: 413, headers: PROBLEM_HEADERS, envelope: 'problem', interim: [] },
  },
  errorCase(
    'Accept preferring application/json keeps the envelope',
    {
      method: 'GET',
      path: '/nowhere',
      headers: { accept: 'application/json, application/problem+json;q=0.5' },
    },
    404,
    { error: 'Not found' },
    {},
    '§1.6 negotiation',
  ),
  {
    name: 'successes are unaffected by a problem+json Accept',
    covers: '§1.6 successes unaffected',
    request: { method: 'GET', path: '/items', headers: PROBLEM_ACCEPT },
    expect: { status: 200, headers: SUCCESS_HEADERS, body: ITEMS_BODY },
  },

  // ── Node's own client errors (raw socket) ─────────────────────────────────────────────────
  errorCase(
    'a bad request line answers 400 in the envelope',
    { method: 'GET', path: '/', raw: { text: 'GET /items HTTX/1.1\r\nHost: {host}\r\n\r\n' } },
    400,
    { error: 'Bad request' },
    {},
    '§2 Node client error: bad request line',
  ),
  errorCase(
    'an invalid Content-Length answers 400 in the envelope',
    {
      method: 'POST',
      path: '/items',
      raw: {
        text: 'POST /items HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      },
    },
    400,
    { error: 'Bad request' },
    {},
    '§2 Node client error (RFC 9112 §6.3)',
  ),
  errorCase(
    'an invalid chunk size answers 400 in the envelope',
    {
      method: 'POST',
      path: '/items',
      raw: {
        text: 'POST /items HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      },
    },
    400,
    { error: 'Bad request' },
    {},
    '§2 Node client error (RFC 9112 §7.1)',
  ),
  errorCase(
    'an invalid chunk size on a route that streams its answer gets a 400, never one written into a half-sent response',
    {
      method: 'GET',
      path: '/late-error',
      raw: {
        text: 'GET /late-error HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
      },
    },
    400,
    { error: 'Bad request' },
    {},
    '§2 Node client error; §1 one well-formed response',
  ),
  errorCase(
    'a request without Host answers 400 in the envelope',
    { method: 'GET', path: '/items', raw: { text: 'GET /items HTTP/1.1\r\nConnection: close\r\n\r\n' } },
    400,
    { error: 'Bad request' },
    {},
    '§2 Node client error (RFC 9112 §3.2)',
  ),
  errorCase(
    'header overflow answers 431 in the envelope',
    {
      method: 'GET',
      path: '/items',
      raw: { text: `GET /items HTTP/1.1\r\nHost: {host}\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n` },
    },
    431,
    { error: 'Request header fields too large' },
    {},
    '§2 Node client error: header overflow',
  ),
  errorCase(
    'an overlong URI answers 414 in the envelope',
    {
      method: 'GET',
      path: '/items',
      raw: { text: `GET /items/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: {host}\r\n\r\n` },
    },
    414,
    { error: 'URI too long' },
    {},
    '§2 Node client error: URI too long',
  ),
  {
    name: 'the server still answers after client errors',
    request: { method: 'GET', path: '/items/1' },
    expect: { status: 200, body: ITEM_BODY },
  },
];
