import type { Severity } from './types.js';

/** How strongly the cited text asks for the rule: an RFC requirement level, or a convention no RFC asks. */
export type Level = 'MUST' | 'SHOULD' | 'MAY' | 'convention';

/** The fixed part of a check: where it comes from, the text it rests on, what it sends, the fix. */
export interface CheckSpec {
  /** The probe of the catalogue (docs/checks.md) it belongs to. */
  probe: number;
  level: Level;
  /** Severity follows the level: E for a MUST, W for a SHOULD, I for a MAY or a convention. */
  severity: Severity;
  /** Where the rule is written, e.g. `RFC 9110 §15.5.6`. */
  source: string;
  /** The rule as its source states it, shortened. */
  text: string;
  /** The requests that can show it. */
  sends: string;
  title: string;
  fix: string;
  /** Only checked with `--envelope statuskit`. */
  envelope?: true;
}

const SEVERITY: Record<Level, Severity> = { MUST: 'E', SHOULD: 'W', MAY: 'I', convention: 'I' };
const ANY = 'any request (checked on every response)';

const spec = (
  probe: number,
  level: Level,
  source: string,
  text: string,
  sends: string,
  title: string,
  fix: string,
  envelope?: true,
): CheckSpec => ({
  probe,
  level,
  severity: SEVERITY[level],
  source,
  text,
  sends,
  title,
  fix,
  ...(envelope ? { envelope } : {}),
});

/**
 * The rule as a finding cites it: source and level, e.g. `RFC 9110 §15.5.6 MUST`.
 *
 * @example
 * ruleOf(CHECKS['allow-missing']) // 'RFC 9110 §15.5.6 MUST'
 */
export const ruleOf = (s: CheckSpec): string => `${s.source} ${s.level}`;

/**
 * Where a check is described: its section of the rule catalogue in the statuskit repository.
 *
 * @example
 * docsLink('allow-missing') // 'docs/checks.md#allow-missing'
 */
export const docsLink = (id: string): string => `docs/checks.md#${id}`;

/**
 * Every check the checker can report, by id. Ids are stable: CI filters and tests rely on them.
 * docs/checks.md is generated from this table (`npm run checks-doc`).
 *
 * @example
 * CHECKS['allow-missing'].severity // 'E'
 */
export const CHECKS = {
  'unknown-route-status': spec(
    1,
    'convention',
    'RFC 9110 §15.5.5',
    '404 Not Found: the origin server did not find a current representation for the target resource.',
    'GET of a path no API has (`/__statuskit_nonexistent_…`)',
    'An unknown path is not answered 404',
    'Answer paths no route matches with 404 (410 when gone for good) and a short JSON body.',
  ),
  'error-not-json': spec(
    1,
    'convention',
    'RFC 9110 §12.5.1 (Accept)',
    'The request said `Accept: application/json`; a JSON API answers its errors in JSON.',
    'every request (all carry `Accept: application/json`)',
    'An error body is HTML or plain text, not JSON',
    'Install a JSON error handler (and a JSON 404 handler) so every error is a JSON body that explains it.',
  ),
  'error-body-missing': spec(
    17,
    'SHOULD',
    'RFC 9110 §15.5, §15.6',
    'The server SHOULD send a representation containing an explanation of the error situation (except for HEAD).',
    ANY,
    'An error has no body explaining it',
    'Send a short JSON body with the error, e.g. {"error":"Not found"}; for Node\'s parser errors, answer in the server\'s clientError event.',
  ),
  'server-error-on-get': spec(
    5,
    'convention',
    'RFC 9110 §15.6.1',
    '500 means the server met an unexpected condition: a GET of an item, existing or not, has an answer (200, or 404).',
    'GET of each declared item route (`/notes/{id}`), with the id found or guessed',
    'A GET of a declared item route answers 5xx',
    'Find the error in the server log; answer a missing item with 404, a bad parameter with 400.',
  ),
  'error-on-success': spec(
    17,
    'convention',
    'RFC 9110 §15.3',
    '2xx means the request succeeded; a body whose only news is an error contradicts it.',
    ANY,
    'A 2xx carries an error body',
    'Answer the failure with its 4xx or 5xx status (a missing item is 404), not 200 with {"error": …}.',
  ),
  'method-not-allowed': spec(
    2,
    'SHOULD',
    'RFC 9110 §9.1',
    'A method that is recognized and implemented, but not allowed for the target resource, SHOULD get 405; an unrecognized or unimplemented one SHOULD get 501.',
    'TRACE (and with `--unsafe`, one of POST/PATCH/PUT not declared, never to an existing item except POST without a body) on each declared path',
    'A known path answers a method it does not handle with something other than 405 or 501',
    'When the path exists but not for this method, answer 405 with Allow listing the methods the route handles.',
  ),
  'allow-missing': spec(
    30,
    'MUST',
    'RFC 9110 §15.5.6',
    'The origin server MUST generate an Allow header field in a 405 response containing the currently supported methods.',
    ANY,
    'A 405 without an Allow header',
    'Send Allow with the methods the resource supports, e.g. Allow: GET, HEAD, OPTIONS.',
  ),
  'allow-has-method': spec(
    30,
    'MUST',
    'RFC 9110 §15.5.6',
    "A 405's Allow MUST list the target resource's currently supported methods; the refused method is not one of them.",
    ANY,
    "A 405's Allow lists the method it refused",
    'Build Allow from the methods the route really handles, without the refused one.',
  ),
  'allow-mismatch': spec(
    2,
    'convention',
    'RFC 9110 §10.2.1',
    'Allow lists the methods the target resource supports; the routes given to the checker name more.',
    'OPTIONS and the wrong-method probes on each declared path',
    'Allow does not list every method the route handles',
    'List every handled method in Allow (HEAD where GET exists, and OPTIONS).',
  ),
  'unknown-method': spec(
    3,
    'SHOULD',
    'RFC 9110 §9.1',
    'An origin server that receives a request method that is unrecognized or not implemented SHOULD respond with 501.',
    'the method token `FOO` on each declared path',
    'An unknown method token is not answered 501',
    "Answer methods the server does not implement with 501 (405 is tolerated); on Node, answer the parser's HPE_INVALID_METHOD in the clientError event.",
  ),
  'options-status': spec(
    4,
    'convention',
    'RFC 9110 §9.3.7',
    'OPTIONS asks what the target resource supports; an API that routes the path answers it with 2xx.',
    'OPTIONS on each declared path',
    'OPTIONS on a known route is not answered 2xx',
    'Answer OPTIONS on every route with 204 and Allow.',
  ),
  'options-allow': spec(
    4,
    'SHOULD',
    'RFC 9110 §9.3.7',
    'A server generating a successful response to OPTIONS SHOULD send any header that might indicate optional features of the target resource (e.g., Allow).',
    'OPTIONS on each declared path',
    'The OPTIONS answer has no Allow header',
    'Send Allow with the methods of the route in the OPTIONS answer (Access-Control-Allow-Methods is for browsers only).',
  ),
  'cors-preflight': spec(
    4,
    'convention',
    'Fetch standard, CORS protocol',
    'A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) gets an ok status with Access-Control-Allow-Origin.',
    'a preflight OPTIONS on each declared path, once a response showed CORS headers',
    'A CORS preflight is not answered with 2xx and Access-Control-Allow-*',
    'Answer OPTIONS with Origin and Access-Control-Request-Method with 204 and Access-Control-Allow-Origin/-Methods/-Headers.',
  ),
  'head-body': spec(
    5,
    'MUST',
    'RFC 9110 §9.3.2',
    'The HEAD method is identical to GET except that the server MUST NOT send content in the response.',
    'HEAD on each declared GET route',
    'A HEAD response carries content',
    'Send the headers of GET and no body for HEAD; never write bytes after the header block.',
  ),
  'head-mismatch': spec(
    5,
    'SHOULD',
    'RFC 9110 §9.3.2',
    'The server SHOULD send the same header fields in response to HEAD as it would have sent for GET.',
    'GET and HEAD on each declared GET route',
    'HEAD and GET disagree on status or Content-Type',
    'Route HEAD through the GET handler and drop only the body.',
  ),
  'head-content-length': spec(
    5,
    'MUST',
    'RFC 9110 §8.6',
    "A server MUST NOT send Content-Length in a response to HEAD unless its value equals the length GET's content would have had.",
    'GET and HEAD on each declared GET route',
    "HEAD's Content-Length differs from GET's",
    "Send no Content-Length on HEAD, or exactly GET's.",
  ),
  'malformed-json-5xx': spec(
    6,
    'convention',
    'RFC 9110 §15.5.1, §15.6',
    '400 is for a request the server will not process because of a client error; 5xx says the server erred.',
    'with `--unsafe`: `{"a":` as application/json to each declared POST/PUT/PATCH (collections, or ids shown not to exist)',
    'A malformed JSON body crashes the handler: 5xx instead of 400',
    'Catch JSON parse errors and answer 400 {"error":"Malformed JSON body"}.',
  ),
  'malformed-json-status': spec(
    6,
    'convention',
    'RFC 9110 §15.5.1, §15.5.21',
    '400 answers malformed syntax; 422 is for content whose syntax is correct.',
    'with `--unsafe`: `{"a":` as application/json to each declared POST/PUT/PATCH',
    'A malformed JSON body is not answered 400',
    'Answer syntax errors in the body with 400; keep 422 for well-formed but invalid content.',
  ),
  'unsupported-media-type': spec(
    8,
    'convention',
    'RFC 9110 §15.5.16',
    '415: the server refuses the request because the content is in a format not supported by the target resource.',
    'with `--unsafe`: a text/plain body to each declared POST/PUT/PATCH (collections, or ids shown not to exist)',
    'A body that is not JSON is not answered 415',
    'Check Content-Type before parsing and answer 415 when it is not application/json.',
  ),
  'body-too-large': spec(
    9,
    'convention',
    'RFC 9110 §15.5.14',
    '413: the request content is larger than the server is willing or able to process; the server MAY close the connection.',
    'with `--unsafe`: 10 MiB + 64 KiB of JSON that never ends, with Expect: 100-continue, to the first declared POST/PUT/PATCH',
    'An oversized body is not refused with 413',
    'Set a body limit and answer 413 before reading the body when Content-Length exceeds it.',
  ),
  'uri-too-long': spec(
    11,
    'MUST',
    'RFC 9112 §3',
    'A server that receives a request-target longer than any URI it wishes to parse MUST respond with 414.',
    'GET of a 20 kB request-target',
    'A 20 kB request-target gets no answer or a 5xx',
    'Answer request-targets longer than the server reads with 414 (Node answers 431 itself; do not crash on them).',
  ),
  'www-authenticate-missing': spec(
    13,
    'MUST',
    'RFC 9110 §11.6.1, §15.5.2',
    'A server generating a 401 response MUST send a WWW-Authenticate header field containing at least one challenge.',
    ANY,
    'A 401 without WWW-Authenticate',
    'Send WWW-Authenticate with at least one challenge, e.g. WWW-Authenticate: Bearer.',
  ),
  'www-authenticate-syntax': spec(
    32,
    'MUST',
    'RFC 9110 §11.6.1, §2.2',
    'A challenge starts with an auth-scheme token; a sender MUST NOT generate protocol elements that do not match the grammar.',
    ANY,
    'WWW-Authenticate does not start with an auth-scheme',
    'Start the challenge with a scheme token, e.g. Bearer realm="api".',
  ),
  'error-leak': spec(
    15,
    'convention',
    'RFC 9457 §5',
    'Error details must be vetted so they do not reveal implementation internals to an attacker.',
    ANY,
    'An error body reveals internals (stack frames, file paths, driver text)',
    'Log the error server-side and send only a short message; never a stack, a path or a driver message.',
  ),
  'server-message-leak': spec(
    15,
    'convention',
    'RFC 9457 §5',
    "A 500 tells the client that the server failed, not the thrown error's own text.",
    ANY,
    "A 500 sends the thrown error's own message",
    'Send a generic message ("Internal server error") on 5xx unless the message was written for clients.',
  ),
  'bodiless-content': spec(
    16,
    'MUST',
    'RFC 9110 §15.3.5, §15.3.6, §15.4.5; RFC 9112 §6.3',
    'A 204 or 304 ends at the header section and cannot contain content; a server MUST NOT generate content in a 205.',
    ANY,
    'A 204, 205 or 304 carries body bytes',
    'Send nothing after the header block of a 204, 205 or 304.',
  ),
  'bodiless-framing': spec(
    16,
    'MUST',
    'RFC 9110 §8.6; RFC 9112 §6.1',
    'A server MUST NOT send Content-Length, nor Transfer-Encoding, in any response with a 1xx or 204 status.',
    ANY,
    'A 204 carries Content-Length or Transfer-Encoding',
    'Strip Content-Length, Transfer-Encoding and Content-Type from 204 answers.',
  ),
  'not-modified-validators': spec(
    16,
    'MUST',
    'RFC 9110 §15.4.5',
    'The server generating a 304 MUST generate the ETag (and Date, Vary, Cache-Control…) a 200 to the same request would have had.',
    'GET with If-None-Match set to the ETag a 200 carried',
    'A 304 lacks the ETag the 200 carried',
    'Send the same ETag (and Cache-Control, Vary) on 304 as on 200.',
  ),
  'conditional-get': spec(
    24,
    'convention',
    'RFC 9110 §13.1.2',
    'An origin server that evaluates If-None-Match MUST answer a GET whose tag matches with 304; a server that sends ETag is expected to evaluate it.',
    'GET with If-None-Match set to the ETag a 200 carried',
    'If-None-Match with the current ETag is not answered 304',
    'Compare If-None-Match with the ETag (weak comparison) and answer 304 without a body when it matches.',
  ),
  'content-type-missing': spec(
    17,
    'SHOULD',
    'RFC 9110 §8.3',
    'A sender that generates a message containing content SHOULD generate a Content-Type header field.',
    ANY,
    'A body without Content-Type',
    'Set Content-Type on every response with a body, e.g. application/json; charset=utf-8.',
  ),
  'json-invalid': spec(
    17,
    'convention',
    'RFC 8259 §2',
    'A body labelled application/json is a JSON text.',
    ANY,
    'A body labelled JSON does not parse',
    'Serialise with JSON.stringify and label only JSON as application/json.',
  ),
  'problem-status-mismatch': spec(
    17,
    'MUST',
    'RFC 9457 §3.1.2',
    'Generators MUST use the same status code in the actual HTTP response as in the "status" member.',
    ANY,
    'A problem+json "status" differs from the HTTP status',
    'Set "status" from the status actually sent.',
  ),
  'status-invalid': spec(
    18,
    'MUST',
    'RFC 9110 §15, §2.2',
    'Status codes are three digits from 100 to 599; a sender MUST NOT generate protocol elements that do not match the grammar.',
    ANY,
    'A status code outside 100–599',
    'Send only codes from 100 to 599.',
  ),
  'status-unregistered': spec(
    18,
    'convention',
    'RFC 9110 §15, §16.2',
    'Clients treat an unrecognized status code as the x00 code of its class.',
    ANY,
    'An unregistered status code',
    'Use a registered code; clients treat an unknown one as the x00 of its class.',
  ),
  'status-restricted': spec(
    18,
    'convention',
    'RFC 9110 §15.4.6, §15.4.7, §15.5.19; RFC 2774',
    '305 is deprecated, 306 and 418 are reserved, 510 is obsolete.',
    ANY,
    'A deprecated, reserved or obsolete code',
    'Pick the registered code that says what happened (e.g. 400, 403, 503).',
  ),
  'status-proxy-only': spec(
    18,
    'SHOULD',
    'RFC 6585 §6; RFC 9110 §15.5.8',
    '511 SHOULD NOT be generated by origin servers; 407 is sent by proxies.',
    ANY,
    'An origin server sends 407 or 511',
    'Use 401 for authentication; 407 and 511 belong to proxies and captive portals.',
  ),
  'final-informational': spec(
    18,
    'MUST',
    'RFC 9110 §10.1.1',
    'A server that sends a 100 (Continue) response MUST ultimately send a final status code, unless the connection is closed prematurely.',
    ANY,
    'No final response after an interim 1xx',
    'Always follow 1xx with a final response.',
  ),
  'envelope-class-mismatch': spec(
    18,
    'convention',
    'statuskit envelope (README, "What every response looks like")',
    'With the statuskit envelope, {"error": …} goes with 4xx/5xx and {"success": …} with 1xx–3xx.',
    `${ANY}; only with \`--envelope statuskit\``,
    'The body envelope contradicts the status class',
    'Send {"error": …} only with 4xx/5xx and {"success": …} only with 1xx–3xx.',
    true,
  ),
  'error-envelope': spec(
    18,
    'convention',
    'statuskit envelope (README, "What every response looks like")',
    'With the statuskit envelope, an error body is {"error": "…"} with the message first.',
    `${ANY}; only with \`--envelope statuskit\``,
    'An error body is not the {"error": "…"} envelope',
    'Make "error" the first member, a short message; put extra data under "details".',
    true,
  ),
  'success-envelope': spec(
    18,
    'convention',
    'statuskit envelope (README, "What every response looks like")',
    'With the statuskit envelope, a success body is {"success": "…", "data": …}.',
    `${ANY}; only with \`--envelope statuskit\``,
    'A success body is not the {"success": "…", "data": …} envelope',
    'Wrap payloads as {"success": "OK", "data": …}.',
    true,
  ),
  'created-location': spec(
    19,
    'SHOULD',
    'RFC 9110 §9.3.3',
    'If a POST created resources, the origin server SHOULD send a 201 response containing a Location header field.',
    'any POST answered 201',
    'A POST answered 201 without Location',
    'Send Location with the URL of the created resource.',
  ),
  'created-safe-method': spec(
    19,
    'convention',
    'RFC 9110 §9.2.1, §15.3.2',
    '201 says the request created a resource; safe methods create nothing.',
    ANY,
    'A 201 answers a safe method',
    'Answer GET/HEAD/OPTIONS with 200; 201 means a request created something.',
  ),
  'redirect-location': spec(
    20,
    'SHOULD',
    'RFC 9110 §15.4.2, §15.4.3, §15.4.8, §15.4.9',
    'For 301, 302, 307 and 308 the server SHOULD generate a Location header field (303 is defined by it).',
    ANY,
    'A redirect without Location',
    'Send Location with every 301, 302, 303, 307 and 308.',
  ),
  'retry-after-missing': spec(
    21,
    'MAY',
    'RFC 6585 §4; RFC 9110 §15.6.4',
    'A 429 or 503 MAY include a Retry-After header indicating how long to wait.',
    ANY,
    'A 429 or 503 says nothing about when to retry',
    'Send Retry-After in whole seconds (or RateLimit fields).',
  ),
  'retry-after-syntax': spec(
    21,
    'MUST',
    'RFC 9110 §10.2.3, §2.2',
    'Retry-After is an HTTP-date or delay-seconds; a sender MUST NOT generate values that do not match the grammar.',
    ANY,
    'Retry-After is neither delay-seconds nor an HTTP-date',
    'Send whole seconds (Retry-After: 30) or an IMF-fixdate.',
  ),
  'cache-429': spec(
    21,
    'convention',
    'RFC 6585 §4',
    'Responses with the 429 status code MUST NOT be stored by a cache; a server that marks them storable invites the mistake.',
    ANY,
    'A 429 invites caches to store it',
    'Send Cache-Control: no-store on 429.',
  ),
  'upgrade-missing': spec(
    34,
    'MUST',
    'RFC 9110 §7.8, §15.5.22',
    'A server that sends 101 MUST send Upgrade; a server MUST send Upgrade in a 426.',
    ANY,
    'A 101 or 426 without Upgrade',
    'Send Upgrade naming the protocol(s) and Connection: upgrade.',
  ),
  'blocked-by-missing': spec(
    33,
    'SHOULD',
    'RFC 7725 §4',
    'Responses using 451 SHOULD include a Link header field with rel="blocked-by".',
    ANY,
    'A 451 without Link rel="blocked-by"',
    'Send Link: <https://…>; rel="blocked-by" naming who asked for the block.',
  ),
  'content-range-missing': spec(
    22,
    'MUST',
    'RFC 9110 §15.3.7',
    'A server generating a single-part 206 MUST generate a Content-Range header field.',
    ANY,
    'A 206 without Content-Range',
    'Send Content-Range: bytes first-last/length with a single-part 206.',
  ),
  'undeclared-status': spec(
    35,
    'convention',
    'OpenAPI 3.1 §4.8.16 (Responses Object)',
    'The responses of an operation list the statuses it may answer; a status neither listed nor covered by "default" or a range (4XX) is undocumented.',
    'with `--openapi`: every request to a declared operation',
    'An operation answers a status its OpenAPI description does not declare',
    "Declare the status under the operation's responses (or a 4XX/5XX range, or default), or stop sending it.",
  ),
  'create-status': spec(
    19,
    'SHOULD',
    'RFC 9110 §9.3.3',
    'If a POST created resources, the origin server SHOULD send 201 with Location.',
    'with `--unsafe` and `--openapi`: one POST per create operation, its body from the examples or schema',
    'A valid create is not answered 201 with Location',
    'Answer a POST that created something with 201 and Location naming the new resource.',
  ),
} satisfies Record<string, CheckSpec>;

/** A check id. */
export type CheckId = keyof typeof CHECKS;
