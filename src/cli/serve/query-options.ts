/** The longest `sleep` the status server accepts, in milliseconds. */
export const MAX_SLEEP_MS = 10_000;
/** The longest `message`, in characters, after control characters are removed. */
export const MAX_MESSAGE_LENGTH = 200;
/** The largest `retryAfter`, in seconds (one day). */
export const MAX_RETRY_AFTER = 86_400;

/** Options read from the query string of `/<code>` and `/random/…`. */
export interface QueryOptions {
  sleep: number;
  message: string | undefined;
  retryAfter: number | undefined;
}

/** A query string the server refuses, with the sentence that names the problem. */
export interface QueryProblem {
  problem: string;
}

// C0/C1 controls, DEL, bidirectional overrides and isolates, line and paragraph separators.
const CONTROLS = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Makes user text safe to quote in a message: controls removed, whitespace collapsed, trimmed.
 *
 * @example
 * sanitizeText('a\r\nb\u202e c') // 'a b c'
 */
export function sanitizeText(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

function quote(value: string): string {
  const clean = sanitizeText(value);
  return JSON.stringify(clean.length > 24 ? `${clean.slice(0, 24)}…` : clean);
}

function wholeNumber(value: string, max: number): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

/**
 * Reads `sleep`, `message` and `retryAfter` from a query string (without `?`). Unknown
 * parameters are ignored (cache busters are common); a malformed or repeated option is a problem.
 *
 * @example
 * parseQueryOptions('sleep=250&message=Slow%20down') // { sleep: 250, message: 'Slow down', retryAfter: undefined }
 * parseQueryOptions('sleep=forever') // { problem: 'sleep must be a whole number of milliseconds from 0 to 10000; got "forever".' }
 */
export function parseQueryOptions(query: string): QueryOptions | QueryProblem {
  const options: QueryOptions = { sleep: 0, message: undefined, retryAfter: undefined };
  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (name !== 'sleep' && name !== 'message' && name !== 'retryAfter') continue;
    if (seen.has(name)) return { problem: `${name} is given more than once.` };
    seen.add(name);
    if (name === 'sleep') {
      const ms = wholeNumber(value, MAX_SLEEP_MS);
      if (ms === undefined)
        return {
          problem: `sleep must be a whole number of milliseconds from 0 to ${MAX_SLEEP_MS}; got ${quote(value)}.`,
        };
      options.sleep = ms;
    } else if (name === 'retryAfter') {
      const s = wholeNumber(value, MAX_RETRY_AFTER);
      if (s === undefined || s < 1)
        return {
          problem: `retryAfter must be a whole number of seconds from 1 to ${MAX_RETRY_AFTER}; got ${quote(value)}.`,
        };
      options.retryAfter = s;
    } else {
      const text = sanitizeText(value);
      if (text === '') return { problem: 'message must not be empty.' };
      if ([...text].length > MAX_MESSAGE_LENGTH)
        return { problem: `message must be at most ${MAX_MESSAGE_LENGTH} characters.` };
      options.message = text;
    }
  }
  return options;
}
