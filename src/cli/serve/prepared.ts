import { errorBody, JSON_TYPE, PROBLEM_TYPE, problemBody, successBody } from '../../core/envelope.js';
import { retryAfterValue } from '../../core/headers.js';
import { getStatus, statusMessage } from '../../index.js';
import { withCors } from './cors.js';
import { SAMPLE_LINK, sampleAllow, sampleHeaders } from './sample-headers.js';

/** A final response ready to write: status, lower-case headers, body bytes (none when bodiless). */
export interface Variant {
  status: number;
  /** The reason phrase: the IANA phrase (Node's table is stale for 413, 418, 422). */
  reason?: string | undefined;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** What a request may change in the answer for a code. */
export interface AnswerOptions {
  /** Replaces the default message. */
  message?: string | undefined;
  /** Seconds for `Retry-After`; replaces the sample value of 429 and 503. */
  retryAfter?: number | undefined;
  /** The request method: the 405 `Allow` never lists it. */
  method?: string | undefined;
  /** Adds `Cache-Control: no-store` (random answers must not be cached). */
  noStore?: boolean | undefined;
}

/** The two precomputed answers for one code: the envelope and problem details. */
export interface Prepared {
  code: number;
  json: Variant;
  problem: Variant;
}

function finalBody(code: number, problem: boolean, message: string | undefined): string | undefined {
  if (code < 200) return successBody(message ?? statusMessage(200), { interim: code });
  if (getStatus(code)?.bodyAllowed === false) return undefined;
  if (code < 400) return successBody(message ?? statusMessage(code));
  const text = message ?? statusMessage(code);
  return problem ? problemBody(code, text) : errorBody(text);
}

/**
 * Builds the final response the status server sends for `/<code>` (for a 1xx, the 200 that follows
 * the interim response), with the envelope or problem details and the headers of docs/design/wire-format.md §7.
 *
 * @example
 * buildAnswer(404, false).body?.toString() // '{"error":"Not found"}'
 */
export function buildAnswer(code: number, problem: boolean, options: AnswerOptions = {}): Variant {
  const text = finalBody(code, problem, options.message);
  const body = text === undefined ? undefined : Buffer.from(text);
  const status = Math.max(code, 200);
  const headers: Record<string, string> = { ...sampleHeaders(code, body?.length ?? 0) };
  if (code < 200) {
    delete headers['cache-control'];
    if (code === 103) headers.link = SAMPLE_LINK;
  }
  if (code === 405) headers.allow = sampleAllow(options.method ?? 'GET');
  if (options.retryAfter !== undefined) {
    headers['retry-after'] = retryAfterValue(options.retryAfter);
    // The sample RateLimit field of a 429 tells the same wait.
    if (headers.ratelimit !== undefined) headers.ratelimit = `"default";r=0;t=${options.retryAfter}`;
  }
  if (options.noStore) headers['cache-control'] = 'no-store';
  if (body !== undefined) {
    headers['content-type'] = problem && code >= 400 ? PROBLEM_TYPE : JSON_TYPE;
    headers['content-length'] = String(body.length);
  } else if (code === 205) headers['content-length'] = '0';
  withCors(headers);
  return { status, reason: reasonPhrase(status), headers, body };
}

/**
 * The reason phrase to write for a code: the registry's IANA phrase, or `undefined` (Node's own)
 * for an unregistered code.
 *
 * @example
 * reasonPhrase(413) // 'Content Too Large'
 */
export function reasonPhrase(code: number): string | undefined {
  return getStatus(code)?.phrase.replace(/[^\x20-\x7e]/g, '');
}

/**
 * Precomputes the answers for every code from 100 to 599, registered or not, indexed by code.
 *
 * @example
 * const table = prepareAll(); table[503]?.json.headers['retry-after'] // '1'
 */
export function prepareAll(): (Prepared | undefined)[] {
  const table: (Prepared | undefined)[] = new Array(600);
  for (let code = 100; code <= 599; code++) {
    table[code] = { code, json: buildAnswer(code, false), problem: buildAnswer(code, true) };
  }
  return table;
}
