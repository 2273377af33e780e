/**
 * The guard scenarios (docs/design/guards.md, through the adapters): rate limiting, maintenance, ETag / 304,
 * If-Match / 412, the handler deadline, app-wide guards and load shedding, with one expectation for every
 * framework. Each suite runs in order on a fresh fixture app started with the suite's options
 * (later rows depend on earlier ones: the rate-limit bucket, the captured `{{etag}}`).
 * The routes are the "Guard routes" of test/fixtures/README.md.
 */
import { loadShedding, maintenance, rateLimit } from 'statuskit/guards';
import { FIXTURE_OPTIONS } from '../fixtures/serve-on-free-port.js';
import type { HeaderExpectation, Scenario, ScenarioRequest } from './scenario.js';
import { errorCase, NO_CONTENT_HEADERS, PROBLEM_ACCEPT, problemCase, SUCCESS_HEADERS } from './table.js';

/** A run of scenarios on one fresh app, and the options that app is started with. */
export interface GuardSuite {
  name: string;
  /** Options for the fixture's `startApp(options)`; called once per app, so guards start fresh. */
  options(): Record<string, unknown>;
  scenarios: Scenario[];
}

/** `RateLimit-Policy` of `GET /limited` (limit 2 per 60 s, draft-10 form). */
const POLICY = '"default";q=2;w=60';
/** `RateLimit` with `remaining` requests left. */
const remaining = (n: number) => new RegExp(`^"default";r=${n};t=\\d+$`);
const RETRY_AFTER = /^[1-9]\d*$/;
const TAG = /^"[^"]+"$/;

function limited(n: number): Record<string, HeaderExpectation> {
  return { 'ratelimit-policy': POLICY, ratelimit: remaining(n) };
}

/** Per-route guards, ETags, preconditions and the deadline, on an app with `etag` and `deadlineMs`. */
const routeScenarios: Scenario[] = [
  // ── Rate limiting, per route ─────────────────────────────────────────────────────────────
  {
    name: 'GET /limited within the limit answers 200 with RateLimit-Policy and RateLimit',
    request: { method: 'GET', path: '/limited' },
    expect: {
      status: 200,
      headers: { ...SUCCESS_HEADERS, ...limited(1), 'retry-after': null },
      body: { success: 'OK', data: { limited: true } },
      envelope: 'success',
    },
  },
  {
    name: 'a second GET /limited answers 200 with nothing remaining',
    request: { method: 'GET', path: '/limited' },
    expect: { status: 200, headers: limited(0), body: { success: 'OK', data: { limited: true } } },
  },
  errorCase(
    'a third GET /limited answers 429 with Retry-After and the RateLimit fields',
    { method: 'GET', path: '/limited' },
    429,
    { error: 'Too many requests' },
    { ...limited(0), 'retry-after': RETRY_AFTER },
    'docs/design/guards.md §1',
  ),
  problemCase(
    'over the limit with Accept: application/problem+json, the 429 is problem details',
    { method: 'GET', path: '/limited', headers: PROBLEM_ACCEPT },
    429,
    'Too Many Requests',
    'Too many requests',
    { ...limited(0), 'retry-after': RETRY_AFTER },
  ),
  {
    name: 'the limit is per route: GET /items is not limited',
    request: { method: 'GET', path: '/items' },
    expect: { status: 200, headers: { ratelimit: null, 'ratelimit-policy': null }, envelope: 'success' },
  },

  // ── Maintenance, per route ───────────────────────────────────────────────────────────────
  errorCase(
    'GET /down under maintenance answers 503 with Retry-After: 120 and its message',
    { method: 'GET', path: '/down' },
    503,
    { error: 'Down for maintenance' },
    { 'retry-after': '120' },
    'docs/design/guards.md §2',
  ),
  problemCase(
    'GET /down with Accept: application/problem+json answers problem details',
    { method: 'GET', path: '/down', headers: PROBLEM_ACCEPT },
    503,
    'Service Unavailable',
    'Down for maintenance',
    { 'retry-after': '120' },
  ),
  {
    name: 'HEAD /down answers GET’s 503 and headers without a body',
    request: { method: 'HEAD', path: '/down' },
    expect: { status: 503, headers: { 'retry-after': '120' }, body: 'none', sameHeadersAsGet: true },
  },

  // ── ETag and 304 ─────────────────────────────────────────────────────────────────────────
  {
    name: 'GET /tagged answers 200 with a strong ETag',
    request: { method: 'GET', path: '/tagged' },
    expect: {
      status: 200,
      headers: { ...SUCCESS_HEADERS, etag: TAG },
      body: { success: 'OK', data: { id: 1 } },
      envelope: 'success',
    },
    capture: { etag: (res) => res.headers.etag },
  },
  {
    name: 'GET /tagged again answers the same ETag',
    request: { method: 'GET', path: '/tagged' },
    expect: { status: 200, headers: { etag: '{{etag}}' }, envelope: 'success' },
  },
  {
    name: 'GET /tagged with If-None-Match of its ETag answers 304 with the ETag and no body',
    request: { method: 'GET', path: '/tagged', headers: { 'if-none-match': '{{etag}}' } },
    expect: { status: 304, headers: { ...NO_CONTENT_HEADERS, etag: '{{etag}}' }, body: 'none' },
  },
  {
    name: 'If-None-Match compares weakly: W/ of the ETag in a list answers 304',
    request: {
      method: 'GET',
      path: '/tagged',
      headers: { 'if-none-match': '"something-else", W/{{etag}}' },
    },
    expect: { status: 304, headers: { ...NO_CONTENT_HEADERS, etag: '{{etag}}' }, body: 'none' },
  },
  {
    name: 'If-None-Match: * answers 304',
    request: { method: 'GET', path: '/tagged', headers: { 'if-none-match': '*' } },
    expect: { status: 304, headers: { ...NO_CONTENT_HEADERS, etag: '{{etag}}' }, body: 'none' },
  },
  {
    name: 'GET /tagged with another If-None-Match answers 200 with the ETag',
    request: { method: 'GET', path: '/tagged', headers: { 'if-none-match': '"something-else"' } },
    expect: { status: 200, headers: { etag: '{{etag}}' }, body: { success: 'OK', data: { id: 1 } } },
  },
  {
    name: 'HEAD /tagged answers GET’s status and headers (ETag included) without a body',
    request: { method: 'HEAD', path: '/tagged' },
    expect: { status: 200, headers: { etag: '{{etag}}' }, body: 'none', sameHeadersAsGet: true },
  },
  {
    name: 'HEAD /tagged with If-None-Match of its ETag answers 304',
    request: { method: 'HEAD', path: '/tagged', headers: { 'if-none-match': '{{etag}}' } },
    expect: { status: 304, headers: { ...NO_CONTENT_HEADERS, etag: '{{etag}}' }, body: 'none' },
  },
  errorCase(
    'GET /tagged with a stale If-Match answers 412',
    { method: 'GET', path: '/tagged', headers: { 'if-match': '"stale"' } },
    412,
    { error: 'Precondition failed' },
    { etag: null },
  ),
  {
    name: 'a 201 is not tagged',
    request: {
      method: 'POST',
      path: '/items',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x"}',
    },
    expect: { status: 201, headers: { etag: null } },
  },
  errorCase(
    'an error is not tagged',
    { method: 'GET', path: '/items/9' },
    404,
    { error: 'Item not found' },
    { etag: null },
  ),

  // ── If-Match and 412 on writes ───────────────────────────────────────────────────────────
  errorCase(
    'PUT /tagged with a stale If-Match answers 412',
    { method: 'PUT', path: '/tagged', headers: { 'if-match': '"stale"' } },
    412,
    { error: 'Precondition failed' },
    {},
    'docs/design/guards.md §4',
  ),
  errorCase(
    'PUT /tagged with the weak form of the current ETag answers 412 (If-Match compares strongly)',
    { method: 'PUT', path: '/tagged', headers: { 'if-match': 'W/{{etag}}' } },
    412,
    { error: 'Precondition failed' },
  ),
  errorCase(
    'PUT /tagged with If-Unmodified-Since before its last change answers 412',
    { method: 'PUT', path: '/tagged', headers: { 'if-unmodified-since': 'Wed, 31 Dec 2025 23:59:59 GMT' } },
    412,
    { error: 'Precondition failed' },
  ),
  {
    name: 'PUT /tagged with If-Unmodified-Since at its last change answers 200',
    request: {
      method: 'PUT',
      path: '/tagged',
      headers: { 'if-unmodified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' },
    },
    expect: { status: 200, body: { success: 'OK', data: { id: 1 } } },
  },
  errorCase(
    'PUT /tagged with If-None-Match: * answers 412 (it exists)',
    { method: 'PUT', path: '/tagged', headers: { 'if-none-match': '*' } },
    412,
    { error: 'Precondition failed' },
  ),
  {
    name: 'PUT /tagged with the current ETag in If-Match answers 200, untagged',
    request: { method: 'PUT', path: '/tagged', headers: { 'if-match': '"stale", {{etag}}' } },
    expect: {
      status: 200,
      headers: { ...SUCCESS_HEADERS, etag: null },
      body: { success: 'OK', data: { id: 1 } },
      envelope: 'success',
    },
  },
  {
    name: 'PUT /tagged without conditions answers 200',
    request: { method: 'PUT', path: '/tagged' },
    expect: { status: 200, body: { success: 'OK', data: { id: 1 } } },
  },

  // ── The handler deadline ─────────────────────────────────────────────────────────────────
  errorCase(
    'GET /slow past the 200 ms deadline answers 503 with Retry-After',
    { method: 'GET', path: '/slow' },
    503,
    { error: 'Service unavailable' },
    { 'retry-after': '1', etag: null },
    'docs/design/guards.md §3',
  ),
  {
    name: 'after a deadline 503 the server keeps serving',
    request: { method: 'GET', path: '/items' },
    expect: { status: 200, body: { success: 'OK', data: [{ id: 1 }] } },
  },
];

/** A maintenance switch on everything but /items, then a limit of 2: both app-wide. */
function appWideOptions(): Record<string, unknown> {
  return {
    ...FIXTURE_OPTIONS,
    guards: [
      maintenance({
        enabled: true,
        retryAfter: 30,
        message: 'Back soon',
        exemptPaths: ['/items', '/items/*'],
      }),
      rateLimit({ limit: 2, windowMs: 60_000 }),
    ],
  };
}

const APP_POLICY: Record<string, HeaderExpectation> = { 'ratelimit-policy': POLICY };

/** App-wide guards run on every request before routing and before the body is read. */
const appWideScenarios: Scenario[] = [
  errorCase(
    'an unknown path under app-wide maintenance answers 503, not 404 (guards run before routing)',
    { method: 'GET', path: '/nowhere' },
    503,
    { error: 'Back soon' },
    { 'retry-after': '30', 'ratelimit-policy': null },
  ),
  errorCase(
    'a malformed body to a guarded path answers 503 (guards run before the body is read)',
    {
      method: 'POST',
      path: '/validate',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    },
    503,
    { error: 'Back soon' },
    { 'retry-after': '30' },
  ),
  errorCase(
    'an exempt path passes maintenance; the limiter counts it and its headers stay on a 400',
    {
      method: 'POST',
      path: '/items',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    },
    400,
    { error: 'Malformed JSON body' },
    { ...APP_POLICY, ratelimit: remaining(1) },
  ),
  {
    name: 'app-wide RateLimit fields go on a success too',
    request: { method: 'GET', path: '/items' },
    expect: {
      status: 200,
      headers: { ...SUCCESS_HEADERS, ...APP_POLICY, ratelimit: remaining(0) },
      envelope: 'success',
    },
  },
  errorCase(
    'over the app-wide limit a routed path answers 429',
    { method: 'GET', path: '/items/1' },
    429,
    { error: 'Too many requests' },
    { ...APP_POLICY, ratelimit: remaining(0), 'retry-after': RETRY_AFTER },
  ),
  errorCase(
    'over the app-wide limit an unrouted method answers 429, not 405',
    { method: 'DELETE', path: '/items' },
    429,
    { error: 'Too many requests' },
    { 'retry-after': RETRY_AFTER, allow: null },
  ),
  errorCase(
    'maintenance still comes first: 503 without RateLimit fields',
    { method: 'GET', path: '/crash' },
    503,
    { error: 'Back soon' },
    { 'retry-after': '30', 'ratelimit-policy': null, ratelimit: null },
  ),
];

/** `Retry-After` and message of the shedder of {@link sheddingOptions}: not the defaults (1, `Service unavailable`). */
const SHED_RETRY_AFTER = '7';
const SHED_MESSAGE = 'Overloaded, try again shortly';

/**
 * An app-wide load shedder forced into shedding everything but `GET /health`, deterministically:
 * no sampling timer (`monitor: false`), three samples of a 1 s event-loop delay fed by hand (25×
 * the 40 ms high mark; each raises the drop probability by 0.1 × 4), capped at a
 * `maxDropProbability` of 1, so `random() < 1` sheds every request whatever `Math.random` says.
 * The queue-delay rule keeps its defaults: it can only shed more, never admit.
 */
function sheddingOptions(): Record<string, unknown> {
  const shedder = loadShedding({
    monitor: false,
    maxDropProbability: 1,
    retryAfter: Number(SHED_RETRY_AFTER),
    message: SHED_MESSAGE,
    exemptPaths: ['/health'],
  });
  for (let i = 0; i < 3; i++) shedder.observe({ delayMs: 1000, utilization: 1 });
  if (shedder.dropProbability !== 1)
    throw new Error(`the forced shedder drops with probability ${shedder.dropProbability}, not 1`);
  return { ...FIXTURE_OPTIONS, guards: [shedder] };
}

const SHED: Record<string, HeaderExpectation> = {
  'retry-after': SHED_RETRY_AFTER,
  'ratelimit-policy': null,
  ratelimit: null,
};

/** A request the forced shedder refuses: 503 with its message, `Retry-After` and no RateLimit fields. */
const shed = (name: string, request: ScenarioRequest, covers?: string): Scenario =>
  errorCase(name, request, 503, { error: SHED_MESSAGE }, SHED, covers);

/** A request to the exempt health check: answered 200 `HEALTH` while everything else is shed. */
const exempt = (name: string, path: string, extra: Record<string, HeaderExpectation> = {}): Scenario => ({
  name,
  request: { method: 'GET', path },
  expect: {
    status: 200,
    headers: { ...extra, 'retry-after': null },
    body: { success: 'OK', data: { status: 'ok' } },
    envelope: 'success',
  },
});

/** Load shedding as an app-wide guard while it is shedding (docs/design/guards.md §2): 503 + Retry-After, health exempt. */
const sheddingScenarios: Scenario[] = [
  shed(
    'while shedding, GET /items answers 503 with Retry-After and the message',
    { method: 'GET', path: '/items' },
    'docs/design/guards.md §2',
  ),
  exempt('while shedding, the exempt health check GET /health answers 200', '/health', SUCCESS_HEADERS),
  problemCase(
    'a shed request with Accept: application/problem+json answers problem details',
    { method: 'GET', path: '/items/1', headers: PROBLEM_ACCEPT },
    503,
    'Service Unavailable',
    SHED_MESSAGE,
    SHED,
  ),
  {
    name: 'HEAD /items is shed too: GET’s 503 and headers without a body',
    request: { method: 'HEAD', path: '/items' },
    expect: {
      status: 503,
      headers: { 'retry-after': SHED_RETRY_AFTER },
      body: 'none',
      sameHeadersAsGet: true,
    },
  },
  shed('an unknown path is shed with 503, not 404 (the shedder runs before routing)', {
    method: 'GET',
    path: '/nowhere',
  }),
  shed('a write with a malformed body is shed with 503 (before the body is read)', {
    method: 'POST',
    path: '/validate',
    headers: { 'content-type': 'application/json' },
    body: '{"name":',
  }),
  shed('a path that only starts with the exempt one (/health/deep) is shed', {
    method: 'GET',
    path: '/health/deep',
  }),
  exempt(
    'GET /health with a query string is still exempt (the query is not part of the path)',
    '/health?probe=liveness',
  ),
  {
    name: 'HEAD /health is exempt: 200 without a body',
    request: { method: 'HEAD', path: '/health' },
    expect: { status: 200, headers: { 'retry-after': null }, body: 'none', sameHeadersAsGet: true },
  },
  shed('after the exempt requests the shedder still sheds: GET /tagged answers 503', {
    method: 'GET',
    path: '/tagged',
  }),
];

/** Every guard suite: each runs in order on its own fresh fixture app. */
export const guardSuites: readonly GuardSuite[] = [
  {
    name: 'route guards, ETags, preconditions and the deadline',
    options: () => ({ ...FIXTURE_OPTIONS, etag: 'strong', deadlineMs: 200 }),
    scenarios: routeScenarios,
  },
  { name: 'app-wide guards', options: appWideOptions, scenarios: appWideScenarios },
  { name: 'app-wide load shedding while shedding', options: sheddingOptions, scenarios: sheddingScenarios },
];
