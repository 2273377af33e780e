import type { ServeLimits } from './limits.js';
import { redirectTarget } from './redirect-target.js';
import {
  checkResponseHeader,
  MAX_CUSTOM_HEADERS,
  RESPONSE_HEADER_PREFIX,
  splitHeaderParameter,
} from './response-headers.js';

/** The longest `message`, in characters, after control characters are removed. */
const MAX_MESSAGE_LENGTH = 200;
/** The largest `retryAfter`, in seconds (one day). */
const MAX_RETRY_AFTER = 86_400;
/** The most bytes one `dribble` step writes. */
const MAX_DRIBBLE_BYTES = 65_536;

/** Where `abort` cuts the connection. */
export type AbortPoint = 'before-headers' | 'after-headers' | 'mid-body';

/** What a request asks of its answer, from the query string and `Statuskit-*` request headers. */
export interface RequestOptions {
  /** Milliseconds to wait before the status line. */
  sleep: number;
  /** Milliseconds to wait between the headers and the body. */
  sleepAfterHeaders: number;
  abort: AbortPoint | undefined;
  /** The body in steps of `bytes`, one every `everyMs`. */
  dribble: { bytes: number; everyMs: number } | undefined;
  message: string | undefined;
  retryAfter: number | undefined;
  /** Extra response headers, lower-case names, checked. */
  headers: [string, string][];
}

/** A request the server refuses, with the sentence that names the problem. */
export interface OptionProblem {
  problem: string;
}

type Name = 'sleep' | 'sleepAfterHeaders' | 'abort' | 'dribble' | 'message' | 'retryAfter';
const QUERY_NAMES: ReadonlySet<string> = new Set<Name>([
  'sleep',
  'sleepAfterHeaders',
  'abort',
  'dribble',
  'message',
  'retryAfter',
]);
/** Each option's request-header form. */
const OPTION_HEADERS: Readonly<Record<string, Name>> = {
  'statuskit-sleep': 'sleep',
  'statuskit-sleep-after-headers': 'sleepAfterHeaders',
  'statuskit-abort': 'abort',
  'statuskit-dribble': 'dribble',
  'statuskit-message': 'message',
  'statuskit-retry-after': 'retryAfter',
};
const ABORT_POINTS: readonly string[] = ['before-headers', 'after-headers', 'mid-body'];

// C0/C1 controls, DEL, bidirectional overrides and isolates, line and paragraph separators.
const CONTROLS = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Makes user text safe to quote in a message: controls removed, whitespace collapsed, trimmed.
 *
 * @example
 * sanitizeText('a\r\nb\u202e c') // 'a b c'
 */
function sanitizeText(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

function quote(value: string): string {
  const clean = sanitizeText(value);
  return JSON.stringify(clean.length > 24 ? `${clean.slice(0, 24)}…` : clean);
}

function wholeNumber(value: string, max: number): number | undefined {
  if (!/^\d{1,9}$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

/**
 * True when the request carries a `Statuskit-*` header: the precomputed answers do not apply.
 *
 * @example
 * hasOptionHeaders(['Host', 'x', 'Statuskit-Sleep', '100']) // true
 */
export function hasOptionHeaders(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length > 10 && (name[0] === 's' || name[0] === 'S') && /^statuskit-/i.test(name)) return true;
  }
  return false;
}

/** Where the request came from, for the checks that depend on it. */
export interface OptionContext {
  limits: ServeLimits;
  /** The request's `Host`, for same-origin `Location` values. */
  host: string | undefined;
}

function setOption(o: RequestOptions, name: Name, value: string, max: number): string | undefined {
  if (name === 'sleep' || name === 'sleepAfterHeaders') {
    const ms = wholeNumber(value, max);
    if (ms === undefined)
      return `${name} must be a whole number of milliseconds from 0 to ${max}; got ${quote(value)}.`;
    o[name] = ms;
  } else if (name === 'retryAfter') {
    const s = wholeNumber(value, MAX_RETRY_AFTER);
    if (s === undefined || s < 1)
      return `retryAfter must be a whole number of seconds from 1 to ${MAX_RETRY_AFTER}; got ${quote(value)}.`;
    o.retryAfter = s;
  } else if (name === 'abort') {
    const point = value.trim();
    if (!ABORT_POINTS.includes(point))
      return `abort must be before-headers, after-headers or mid-body; got ${quote(value)}.`;
    o.abort = point as AbortPoint;
  } else if (name === 'dribble') {
    const m = /^\s*(\d{1,9}):(\d{1,9})\s*$/.exec(value);
    const bytes = Number(m?.[1]);
    const everyMs = Number(m?.[2]);
    if (!m || bytes < 1 || bytes > MAX_DRIBBLE_BYTES || everyMs < 1 || everyMs > max)
      return `dribble must be <bytes>:<ms>, from 1 to ${MAX_DRIBBLE_BYTES} bytes every 1 to ${max} ms (e.g. 1:100); got ${quote(value)}.`;
    o.dribble = { bytes, everyMs };
  } else {
    const text = sanitizeText(value);
    if (text === '') return 'message must not be empty.';
    if ([...text].length > MAX_MESSAGE_LENGTH)
      return `message must be at most ${MAX_MESSAGE_LENGTH} characters.`;
    o.message = text;
  }
  return undefined;
}

function addHeader(o: RequestOptions, name: string, value: string, ctx: OptionContext): string | undefined {
  const checked = checkResponseHeader(name, value);
  if (typeof checked === 'string') return checked;
  if (o.headers.length >= MAX_CUSTOM_HEADERS)
    return `at most ${MAX_CUSTOM_HEADERS} response headers may be asked for.`;
  if (checked[0] === 'location') {
    const target = redirectTarget(checked[1], ctx.host, ctx.limits.redirectAllow);
    if (typeof target !== 'string') return `header Location: ${target.problem}`;
    checked[1] = target;
  }
  if (o.headers.some(([n]) => n === checked[0]) && checked[0] === 'set-cookie')
    return 'header Set-Cookie may be asked for once.';
  o.headers.push(checked);
  return undefined;
}

/**
 * Reads the options of `/<code>` and `/random/…` from the query string (without `?`) and from
 * `Statuskit-*` request headers: `sleep`, `sleepAfterHeaders`, `abort`, `dribble`, `message`,
 * `retryAfter`, and response headers (`header=Name:Value`, repeatable, or
 * `Statuskit-Response-Name: Value`). Unknown query parameters are ignored (cache busters are
 * common); an unknown `Statuskit-` header, a malformed value or an option given twice is a problem.
 *
 * @example
 * readOptions('sleep=250&header=X-Trace:1', [], ctx) // { sleep: 250, headers: [['x-trace', '1']], ... }
 * readOptions('sleep=forever', [], ctx) // { problem: 'sleep must be a whole number of milliseconds from 0 to 30000; got "forever".' }
 */
export function readOptions(
  query: string,
  rawHeaders: readonly string[],
  ctx: OptionContext,
): RequestOptions | OptionProblem {
  const o: RequestOptions = {
    sleep: 0,
    sleepAfterHeaders: 0,
    abort: undefined,
    dribble: undefined,
    message: undefined,
    retryAfter: undefined,
    headers: [],
  };
  const max = ctx.limits.maxSleepMs;
  const seen = new Set<Name>();
  const take = (name: Name, value: string): string | undefined => {
    if (seen.has(name)) return `${name} is given more than once.`;
    seen.add(name);
    return setOption(o, name, value, max);
  };
  for (const [name, value] of new URLSearchParams(query)) {
    let problem: string | undefined;
    if (name === 'header') {
      const pair = splitHeaderParameter(value);
      problem = pair
        ? addHeader(o, pair[0], pair[1], ctx)
        : `header must be Name:Value; got ${quote(value)}.`;
    } else if (QUERY_NAMES.has(name)) problem = take(name as Name, value);
    if (problem !== undefined) return { problem };
  }
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lower = rawHeaders[i]!.toLowerCase();
    if (!lower.startsWith('statuskit-')) continue;
    const value = rawHeaders[i + 1] ?? '';
    let problem: string | undefined;
    if (lower.startsWith(RESPONSE_HEADER_PREFIX))
      problem = addHeader(o, rawHeaders[i]!.slice(RESPONSE_HEADER_PREFIX.length), value, ctx);
    else if (OPTION_HEADERS[lower] !== undefined) problem = take(OPTION_HEADERS[lower], value);
    else
      problem = `unknown request header ${quote(rawHeaders[i]!)}: the options are ${Object.keys(OPTION_HEADERS).join(', ')} and Statuskit-Response-<Name>.`;
    if (problem !== undefined) return { problem };
  }
  if (o.retryAfter !== undefined && o.headers.some(([n]) => n === 'retry-after'))
    return { problem: 'Retry-After is given twice: as retryAfter and as a response header.' };
  return o;
}
