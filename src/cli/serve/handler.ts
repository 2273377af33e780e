import type { IncomingMessage, ServerResponse } from 'node:http';
import { prefersProblemJson } from '../../core/negotiate.js';
import { isValidPathEncoding, KNOWN_METHODS } from '../../core/request-rules.js';
import { statusMessage } from '../../index.js';
import type { CodesApi } from './codes-api.js';
import { isPreflight, preflightHeaders, withCors } from './cors.js';
import { checkFaults, deliver, type Waits, waits } from './delivery.js';
import { type EndpointContext, type EndpointResult, partialContent } from './endpoints.js';
import { sendInterim } from './informational.js';
import type { ServeLimits } from './limits.js';
import type { ReferencePage } from './page.js';
import { buildAnswer, type Prepared, type Variant } from './prepared.js';
import { parseRandomSpec, pickRandom } from './random.js';
import { hasOptionHeaders, type RequestOptions, readOptions } from './request-options.js';
import { withResponseHeaders } from './response-headers.js';
import { routeExtra } from './routes.js';

/** The longest request-target the status server reads; longer ones get 414. */
const MAX_TARGET_LENGTH = 8192;

/** Everything the handler precomputes once, its limits, and the waits it must cancel on close. */
export interface ServeState extends EndpointContext {
  table: readonly (Prepared | undefined)[];
  codes: CodesApi;
  page: ReferencePage;
  limits: ServeLimits;
  waits: Waits;
}

/** One request and its response, as the handler passes them around. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** `Expect: 100-continue` arrived and nothing answered it yet. */
  continuePending: boolean;
}

const RESOURCE_ALLOW = 'GET, HEAD, OPTIONS';

/** The code in a target of the form `/ddd`, or -1. */
function threeDigits(url: string): number {
  const a = url.charCodeAt(1) - 48;
  const b = url.charCodeAt(2) - 48;
  const c = url.charCodeAt(3) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

function wantsProblem(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (accept === undefined) return false;
  return accept.includes('problem') && prefersProblemJson(accept);
}

function writeHead(ex: Exchange, v: Variant) {
  if (ex.continuePending && v.status < 400) ex.res.writeContinue();
  ex.continuePending = false;
  let headers = v.headers;
  // A Connection header set by hand (426's "upgrade") makes Node keep the connection alive even
  // when the client asked to close (RFC 9112 §9.6): keep the client's "close".
  if (headers.connection !== undefined && /\bclose\b/i.test(ex.req.headers.connection ?? ''))
    headers = { ...headers, connection: `${headers.connection}, close` };
  if (v.reason === undefined) ex.res.writeHead(v.status, headers);
  else ex.res.writeHead(v.status, v.reason, headers);
}

function send(ex: Exchange, v: Variant) {
  writeHead(ex, v);
  ex.res.end(v.body);
}

/**
 * Sends an error in the envelope (or problem details), with extra headers.
 *
 * @example
 * fail(ex, 400, 'sleep must be a whole number');
 */
export function fail(ex: Exchange, status: number, message?: string, headers?: Record<string, string>) {
  const v = buildAnswer(status, wantsProblem(ex.req), { message: message ?? statusMessage(status) });
  if (headers) withCors(Object.assign(v.headers, headers));
  send(ex, v);
}

/**
 * Lets GET and HEAD through (returns true); answers OPTIONS with 204 and `Allow`, an unknown
 * method with 501 and any other with 405 (returns false).
 *
 * @example
 * if (readOnly(ex)) send(ex, answer);
 */
export function readOnly(ex: Exchange): boolean {
  const method = ex.req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return true;
  if (method === 'OPTIONS') {
    ex.res.writeHead(204, { allow: RESOURCE_ALLOW, 'access-control-allow-origin': '*' });
    ex.res.end();
  } else if (!KNOWN_METHODS.has(method)) fail(ex, 501, `Method ${method} is not implemented`);
  else fail(ex, 405, undefined, { allow: RESOURCE_ALLOW });
  return false;
}

/**
 * GET/HEAD/OPTIONS resources (`/`, `/codes`): 204 to OPTIONS, 405 or 501 to anything else.
 *
 * @example
 * resource(ex, () => state.codes.list);
 */
export function resource(ex: Exchange, answer: () => Variant) {
  if (readOnly(ex)) send(ex, answer());
}

/**
 * Answers with the options of the request (query string and `Statuskit-*` headers): builds the
 * answer, adds the response headers asked for, checks the faults, then writes it with them.
 * `interim` is a 1xx code sent first, once everything is known to be valid.
 *
 * @example
 * respond(ex, state, 'sleep=100', () => buildAnswer(404, false));
 */
export function respond(
  ex: Exchange,
  state: ServeState,
  query: string,
  build: (o: RequestOptions) => EndpointResult,
  interim?: number,
) {
  const o = readOptions(query, ex.req.rawHeaders, { limits: state.limits, host: ex.req.headers.host });
  if ('problem' in o) return fail(ex, 400, o.problem);
  const built = build(o);
  if ('problem' in built) return fail(ex, 400, built.problem);
  const v = o.headers.length > 0 ? withResponseHeaders(built, o.headers) : built;
  const problem = checkFaults(o, v, ex.req.method ?? 'GET', state.limits.maxSleepMs);
  if (problem !== undefined) return fail(ex, 400, problem);
  if (waits(o) && state.waits.held >= state.limits.maxDelayed) {
    const message = `${state.limits.maxDelayed} delayed answers are already waiting (--max-delayed); try again`;
    return fail(ex, 503, message, { 'retry-after': '1' });
  }
  if (interim !== undefined && sendInterim(ex.req, ex.res, interim) && interim === 100)
    ex.continuePending = false;
  if (o.abort === undefined && !waits(o)) return send(ex, v);
  deliver(ex.res, v, o, state.waits, () => writeHead(ex, v));
}

function answerCode(ex: Exchange, state: ServeState, code: number, query: string, random: boolean) {
  if (code === 101) {
    const message =
      '101 Switching Protocols only answers a request that offers Upgrade (e.g. Upgrade: websocket)';
    return fail(ex, 426, message, { 'cache-control': 'no-store' });
  }
  const problem = wantsProblem(ex.req);
  respond(
    ex,
    state,
    query,
    (o) => {
      const prepared = state.table[code];
      const plain = !random && o.message === undefined && o.retryAfter === undefined && code !== 405;
      if (plain && prepared) return problem ? prepared.problem : prepared.json;
      const custom = { message: o.message, retryAfter: o.retryAfter, noStore: random, method: ex.req.method };
      return buildAnswer(code, problem, custom);
    },
    code < 200 ? code : undefined,
  );
}

function route(ex: Exchange, state: ServeState, url: string) {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  if (!isValidPathEncoding(path)) return fail(ex, 400, 'Malformed URL encoding');
  const codeMatch = /^\/(\d+)(?:\/.*)?$/s.exec(path);
  if (codeMatch) {
    const digits = codeMatch[1]!;
    const code = digits.length === 3 ? Number(digits) : Number.NaN;
    if (!(code >= 100 && code <= 599)) {
      const shown = digits.length > 12 ? `${digits.slice(0, 12)}…` : digits;
      return fail(ex, 400, `Status code ${shown} is outside 100–599`);
    }
    if (code === 206) return respond(ex, state, query, (o) => partialContent(ex.req, o.message));
    return answerCode(ex, state, code, query, false);
  }
  if (path.startsWith('/random/')) {
    const spec = parseRandomSpec(path.slice('/random/'.length).split('/')[0]!);
    if (typeof spec === 'string') return fail(ex, 400, spec);
    return answerCode(ex, state, pickRandom(spec), query, true);
  }
  if (path === '/') return resource(ex, () => ({ status: 200, ...state.page }));
  if (path === '/codes') return resource(ex, () => state.codes.list);
  if (path.startsWith('/codes/')) {
    const entry = state.codes.byCode.get(/^\/codes\/\d{3}$/.test(path) ? Number(path.slice(7)) : 0);
    if (entry) return resource(ex, () => entry);
    return fail(ex, 404, 'No registered status code by that number; GET /codes lists them all');
  }
  if (routeExtra(ex, state, path, query)) return;
  fail(ex, 404);
}

/**
 * Makes the status server's request listener. `/<code>` without options is answered from the
 * precomputed table (the hot path); everything else goes through the router. Pass
 * `expectContinue` from the `'checkContinue'` event: an error is then sent at once, without 100.
 *
 * @example
 * server.on('request', createHandler(state));
 */
export function createHandler(state: ServeState) {
  const { table } = state;
  return function handleStatusRequest(req: IncomingMessage, res: ServerResponse, expectContinue = false) {
    const url = req.url ?? '/';
    const ex: Exchange = { req, res, continuePending: expectContinue };
    if (req.method === 'OPTIONS' && isPreflight(req)) {
      res.writeHead(204, preflightHeaders(req));
      res.end();
      return;
    }
    if (url.length === 4 && !hasOptionHeaders(req.rawHeaders)) {
      const code = threeDigits(url);
      const prepared = code >= 200 && code !== 405 && code !== 206 ? table[code] : undefined;
      if (prepared) return send(ex, wantsProblem(req) ? prepared.problem : prepared.json);
    }
    if (url.length > MAX_TARGET_LENGTH)
      return fail(ex, 414, `The request-target is longer than ${MAX_TARGET_LENGTH} bytes`);
    route(ex, state, url);
  };
}
