import type { Severity } from './types.js';

/** The fixed part of a check: probe number, severity, rule, title and fix hint. */
export interface CheckSpec {
  probe: number;
  severity: Severity;
  rule: string;
  title: string;
  fix: string;
}

const spec = (probe: number, severity: Severity, rule: string, title: string, fix: string): CheckSpec => ({
  probe,
  severity,
  rule,
  title,
  fix,
});

/**
 * Every check the checker can report, by id. Ids are stable: CI filters and tests rely on them.
 *
 * @example
 * CHECKS['allow-missing'].severity // 'E'
 */
export const CHECKS = {
  'unknown-route-status': spec(
    1,
    'W',
    'RFC 9110 §15.5.5 SHOULD',
    'An unknown path is not answered 404',
    'Answer paths no route matches with 404 (410 when gone for good), in the JSON error envelope.',
  ),
  'error-not-json': spec(
    1,
    'W',
    'RFC 9110 §15.5 SHOULD explain; JSON API convention (Accept: application/json was sent)',
    'An error body is HTML or plain text, not JSON',
    'Install a JSON error handler (and a JSON 404 handler) so every error is {"error": "…"}; statuskit adapters do this.',
  ),
  'error-body-missing': spec(
    17,
    'W',
    'RFC 9110 §15.5, §15.6 SHOULD',
    'An error has no body explaining it',
    'Send a short JSON body with the error, e.g. {"error":"Not found"}; for Node parser errors, hook the server\'s clientError event.',
  ),
  'method-not-allowed': spec(
    2,
    'W',
    'RFC 9110 §15.5.6, §9.1 SHOULD',
    'A known path answers a method it does not handle with something other than 405',
    'When the path exists but not for this method, answer 405 with Allow listing the methods the route handles.',
  ),
  'allow-missing': spec(
    30,
    'E',
    'RFC 9110 §15.5.6 MUST (Allow, §10.2.1)',
    'A 405 without an Allow header',
    'Send Allow with the methods the resource supports, e.g. Allow: GET, HEAD, OPTIONS.',
  ),
  'allow-has-method': spec(
    30,
    'E',
    'RFC 9110 §15.5.6 MUST',
    "A 405's Allow lists the method it refused",
    'Build Allow from the methods the route really handles, without the refused one.',
  ),
  'allow-mismatch': spec(
    2,
    'W',
    'RFC 9110 §10.2.1 SHOULD',
    'Allow does not list every method the route handles',
    'List every handled method in Allow (HEAD where GET exists, and OPTIONS).',
  ),
  'unknown-method': spec(
    3,
    'W',
    'RFC 9110 §9.1 SHOULD',
    'An unknown method token is not answered 501',
    "Answer methods the server does not implement with 501; on Node, map the parser's HPE_INVALID_METHOD in the clientError hook.",
  ),
  'options-status': spec(
    4,
    'W',
    'RFC 9110 §9.3.7 SHOULD',
    'OPTIONS on a known route is not answered 2xx',
    'Answer OPTIONS on every route with 204 and Allow.',
  ),
  'options-allow': spec(
    4,
    'W',
    'RFC 9110 §9.3.7 SHOULD',
    'The OPTIONS answer has no Allow header',
    'Send Allow with the methods of the route in the OPTIONS answer.',
  ),
  'cors-preflight': spec(
    4,
    'W',
    'Fetch standard, CORS preflight',
    'A CORS preflight is not answered with 2xx and Access-Control-Allow-*',
    'Answer OPTIONS with Origin and Access-Control-Request-Method with 204 and Access-Control-Allow-Origin/-Methods/-Headers.',
  ),
  'head-body': spec(
    5,
    'E',
    'RFC 9110 §9.3.2 MUST NOT',
    'A HEAD response carries content',
    'Send the headers of GET and no body for HEAD; never write bytes after the header block.',
  ),
  'head-mismatch': spec(
    5,
    'W',
    'RFC 9110 §9.3.2 SHOULD',
    'HEAD and GET disagree on status or Content-Type',
    'Route HEAD through the GET handler and drop only the body.',
  ),
  'head-content-length': spec(
    5,
    'E',
    'RFC 9110 §8.6 MUST NOT',
    "HEAD's Content-Length differs from GET's",
    "Send no Content-Length on HEAD, or exactly GET's.",
  ),
  'malformed-json-5xx': spec(
    6,
    'E',
    'RFC 9110 §15.5.1, §15.6 (5xx means a server fault)',
    'A malformed JSON body crashes the handler: 5xx instead of 400',
    'Catch JSON parse errors and answer 400 {"error":"Malformed JSON body"}.',
  ),
  'malformed-json-status': spec(
    6,
    'W',
    'RFC 9110 §15.5.1 SHOULD (422 needs well-formed syntax, §15.5.21)',
    'A malformed JSON body is not answered 400',
    'Answer syntax errors in the body with 400; keep 422 for well-formed but invalid content.',
  ),
  'unsupported-media-type': spec(
    8,
    'W',
    'RFC 9110 §15.5.16 SHOULD',
    'A body that is not JSON is not answered 415',
    'Check Content-Type before parsing and answer 415 when it is not application/json.',
  ),
  'body-too-large': spec(
    9,
    'W',
    'RFC 9110 §15.5.14 SHOULD',
    'An oversized body is not refused with 413',
    'Set a body limit and answer 413 before reading the body when Content-Length exceeds it.',
  ),
  'uri-too-long': spec(
    11,
    'E',
    'RFC 9112 §3 MUST',
    'A 20 kB request-target gets no 414',
    'Answer request-targets longer than the server reads with 414 (on Node, map HPE_HEADER_OVERFLOW on a long request line in clientError).',
  ),
  'www-authenticate-missing': spec(
    13,
    'E',
    'RFC 9110 §15.5.2, §11.6.1 MUST',
    'A 401 without WWW-Authenticate',
    'Send WWW-Authenticate with at least one challenge, e.g. WWW-Authenticate: Bearer.',
  ),
  'www-authenticate-syntax': spec(
    32,
    'E',
    'RFC 9110 §11.6.1 MUST',
    'WWW-Authenticate does not start with an auth-scheme',
    'Start the challenge with a scheme token, e.g. Bearer realm="api".',
  ),
  'error-leak': spec(
    15,
    'E',
    'RFC 9457 §5; Zalando #177 MUST NOT (guideline)',
    'An error body reveals internals (stack frames, file paths, driver text)',
    'Log the error server-side and send only a short message; never a stack, a path or a driver message.',
  ),
  'server-message-leak': spec(
    15,
    'W',
    'RFC 9457 §3.1.4; CONTRACT §1.5',
    "A 500 sends the thrown error's own message",
    'Send the generic message ("Internal server error") on 5xx unless the message was written for clients.',
  ),
  'bodiless-content': spec(
    16,
    'E',
    'RFC 9110 §15.3.5, §15.3.6, §15.4.5 MUST NOT; RFC 9112 §6.3',
    'A 204, 205 or 304 carries body bytes',
    'Send nothing after the header block of a 204, 205 or 304.',
  ),
  'bodiless-framing': spec(
    16,
    'E',
    'RFC 9110 §8.6 MUST NOT; RFC 9112 §6.1 MUST NOT',
    'A 204 carries Content-Length or Transfer-Encoding',
    'Strip Content-Length, Transfer-Encoding and Content-Type from 204 answers.',
  ),
  'not-modified-validators': spec(
    16,
    'E',
    'RFC 9110 §15.4.5 MUST',
    'A 304 lacks the ETag the 200 carried',
    'Send the same ETag (and Cache-Control, Vary) on 304 as on 200.',
  ),
  'content-type-missing': spec(
    17,
    'W',
    'RFC 9110 §8.3 SHOULD',
    'A body without Content-Type',
    'Set Content-Type on every response with a body, e.g. application/json; charset=utf-8.',
  ),
  'json-invalid': spec(
    17,
    'W',
    'RFC 8259; RFC 9110 §8.3',
    'A body labelled JSON does not parse',
    'Serialise with JSON.stringify and label only JSON as application/json.',
  ),
  'problem-status-mismatch': spec(
    17,
    'E',
    'RFC 9457 §3.1.2 MUST',
    'A problem+json "status" differs from the HTTP status',
    'Set "status" from the status actually sent.',
  ),
  'status-invalid': spec(
    18,
    'E',
    'RFC 9110 §15 MUST',
    'A status code outside 100–599',
    'Send only codes from 100 to 599.',
  ),
  'status-unregistered': spec(
    18,
    'W',
    'RFC 9110 §15, §16.2',
    'An unregistered status code',
    'Use a registered code; clients treat an unknown one as the x00 of its class.',
  ),
  'status-restricted': spec(
    18,
    'W',
    'RFC 9110 §15.4.6, §15.4.7, §15.5.19; RFC 2774',
    'A deprecated, reserved or obsolete code (305, 306, 418, 510)',
    'Pick the registered code that says what happened (e.g. 400, 403, 503).',
  ),
  'status-proxy-only': spec(
    18,
    'W',
    'RFC 9110 §15.5.8; RFC 6585 §6',
    'An origin server sends 407 or 511',
    'Use 401 for authentication; 407 and 511 belong to proxies and captive portals.',
  ),
  'final-informational': spec(
    18,
    'E',
    'RFC 9110 §15.2 MUST',
    'No final response after an interim 1xx',
    'Always follow 1xx with a final response.',
  ),
  'envelope-class-mismatch': spec(
    18,
    'I',
    'statuskit envelope (CONTRACT §1)',
    'The body envelope contradicts the status class',
    'Send {"error": …} only with 4xx/5xx and {"success": …} only with 1xx–3xx.',
  ),
  'error-envelope': spec(
    18,
    'I',
    'statuskit envelope (CONTRACT §1.1)',
    'An error body is not the {"error": "…"} envelope',
    'Make "error" the first member, a short message; put extra data under "details".',
  ),
  'success-envelope': spec(
    18,
    'I',
    'statuskit envelope (CONTRACT §1.2)',
    'A success body is not the {"success": "…", "data": …} envelope',
    'Wrap payloads as {"success": "OK", "data": …}.',
  ),
  'created-location': spec(
    19,
    'W',
    'RFC 9110 §9.3.3, §15.3.2 SHOULD',
    'A 201 without Location',
    'Send Location with the URL of the created resource.',
  ),
  'created-safe-method': spec(
    19,
    'W',
    'RFC 9110 §9.2.1, §15.3.2',
    'A 201 answers a safe method',
    'Answer GET/HEAD/OPTIONS with 200; 201 means a request created something.',
  ),
  'redirect-location': spec(
    20,
    'W',
    'RFC 9110 §15.4 SHOULD',
    'A redirect without Location',
    'Send Location with every 3xx except 304.',
  ),
  'retry-after-missing': spec(
    21,
    'W',
    'RFC 6585 §4, RFC 9110 §15.6.4 (MAY; de-facto expected)',
    'A 429 or 503 says nothing about when to retry',
    'Send Retry-After in whole seconds (or RateLimit fields).',
  ),
  'retry-after-syntax': spec(
    21,
    'E',
    'RFC 9110 §10.2.3',
    'Retry-After is neither delay-seconds nor an HTTP-date',
    'Send whole seconds (Retry-After: 30) or an IMF-fixdate.',
  ),
  'cache-429': spec(
    21,
    'E',
    'RFC 6585 §4 MUST NOT store',
    'A 429 invites caches to store it',
    'Send Cache-Control: no-store on 429.',
  ),
  'upgrade-missing': spec(
    34,
    'E',
    'RFC 9110 §7.8, §15.5.22 MUST',
    'A 101 or 426 without Upgrade',
    'Send Upgrade naming the protocol(s) and Connection: upgrade.',
  ),
  'blocked-by-missing': spec(
    33,
    'W',
    'RFC 7725 §4 SHOULD',
    'A 451 without Link rel="blocked-by"',
    'Send Link: <https://…>; rel="blocked-by" naming who asked for the block.',
  ),
  'content-range-missing': spec(
    22,
    'E',
    'RFC 9110 §15.3.7 MUST',
    'A 206 without Content-Range',
    'Send Content-Range: bytes first-last/length with a single-part 206.',
  ),
  'conditional-get': spec(
    24,
    'E',
    'RFC 9110 §13.1.2 MUST',
    'If-None-Match with the current ETag is not answered 304',
    'Compare If-None-Match with the ETag (weak comparison) and answer 304 without a body when it matches.',
  ),
} satisfies Record<string, CheckSpec>;

/** A check id. */
export type CheckId = keyof typeof CHECKS;
