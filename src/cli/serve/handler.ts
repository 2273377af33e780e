import type { IncomingMessage, ServerResponse } from 'node:http';
import { prefersProblemJson } from '../../core/negotiate.js';
import { isValidPathEncoding, KNOWN_METHODS } from '../../core/request-rules.js';
import { statusMessage } from '../../index.js';
import type { CodesApi } from './codes-api.js';
import { isPreflight, preflightHeaders, withCors } from './cors.js';
import { sendInterim } from './informational.js';
import type { ReferencePage } from './page.js';
import { type AnswerOptions, buildAnswer, type Prepared, type Variant } from './prepared.js';
import { parseQueryOptions } from './query-options.js';
import { parseRandomSpec, pickRandom } from './random.js';

/** The longest request-target the status server reads; longer ones get 414. */
export const MAX_TARGET_LENGTH = 8192;

/** Everything the handler precomputes once and the timers it must cancel on close. */
export interface ServeState {
  table: readonly (Prepared | undefined)[];
  codes: CodesApi;
  page: ReferencePage;
  timers: Set<NodeJS.Timeout>;
}

interface Exchange {
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

function send(ex: Exchange, v: Variant) {
  if (ex.continuePending && v.status < 400) ex.res.writeContinue();
  ex.continuePending = false;
  let headers = v.headers;
  // A Connection header set by hand (426's "upgrade") makes Node keep the connection alive even
  // when the client asked to close (RFC 9112 §9.6): keep the client's "close".
  if (headers.connection !== undefined && /\bclose\b/i.test(ex.req.headers.connection ?? ''))
    headers = { ...headers, connection: `${headers.connection}, close` };
  if (v.reason === undefined) ex.res.writeHead(v.status, headers);
  else ex.res.writeHead(v.status, v.reason, headers);
  ex.res.end(v.body);
}

function fail(ex: Exchange, status: number, message?: string, headers?: Record<string, string>) {
  const v = buildAnswer(status, wantsProblem(ex.req), { message: message ?? statusMessage(status) });
  if (headers) withCors(Object.assign(v.headers, headers));
  send(ex, v);
}

/** GET/HEAD/OPTIONS resources (`/`, `/codes`): 204 to OPTIONS, 405 or 501 to anything else. */
function resource(ex: Exchange, answer: () => Variant) {
  const method = ex.req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return send(ex, answer());
  if (method === 'OPTIONS') {
    ex.res.writeHead(204, { allow: RESOURCE_ALLOW, 'access-control-allow-origin': '*' });
    ex.res.end();
    return;
  }
  if (!KNOWN_METHODS.has(method)) return fail(ex, 501, `Method ${method} is not implemented`);
  fail(ex, 405, undefined, { allow: RESOURCE_ALLOW });
}

function answerCode(ex: Exchange, state: ServeState, code: number, query: string, random: boolean) {
  const options = parseQueryOptions(query);
  if ('problem' in options) return fail(ex, 400, options.problem);
  if (code === 101) {
    const message =
      '101 Switching Protocols only answers a request that offers Upgrade (e.g. Upgrade: websocket)';
    return fail(ex, 426, message, { 'cache-control': 'no-store' });
  }
  const problem = wantsProblem(ex.req);
  const custom: AnswerOptions = {
    message: options.message,
    retryAfter: options.retryAfter,
    noStore: random,
    method: ex.req.method,
  };
  const prepared = state.table[code];
  const plain = !random && options.message === undefined && options.retryAfter === undefined && code !== 405;
  const variant =
    plain && prepared ? (problem ? prepared.problem : prepared.json) : buildAnswer(code, problem, custom);
  if (code < 200 && sendInterim(ex.req, ex.res, code) && code === 100) ex.continuePending = false;
  if (options.sleep === 0) return send(ex, variant);
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    if (!ex.res.destroyed) send(ex, variant);
  }, options.sleep);
  state.timers.add(timer);
  ex.res.on('close', () => {
    clearTimeout(timer);
    state.timers.delete(timer);
  });
}

function route(ex: Exchange, state: ServeState, url: string) {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  if (!isValidPathEncoding(path)) return fail(ex, 400, 'Malformed URL encoding');
  const codeMatch = /^\/(\d+)$/.exec(path);
  if (codeMatch) {
    const digits = codeMatch[1]!;
    const code = digits.length === 3 ? Number(digits) : Number.NaN;
    if (!(code >= 100 && code <= 599)) {
      const shown = digits.length > 12 ? `${digits.slice(0, 12)}…` : digits;
      return fail(ex, 400, `Status code ${shown} is outside 100–599`);
    }
    return answerCode(ex, state, code, query, false);
  }
  if (path.startsWith('/random/')) {
    const spec = parseRandomSpec(path.slice('/random/'.length));
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
    if (url.length === 4) {
      const code = threeDigits(url);
      const prepared = code >= 200 && code !== 405 ? table[code] : undefined;
      if (prepared) return send(ex, wantsProblem(req) ? prepared.problem : prepared.json);
    }
    if (url.length > MAX_TARGET_LENGTH)
      return fail(ex, 414, `The request-target is longer than ${MAX_TARGET_LENGTH} bytes`);
    route(ex, state, url);
  };
}
