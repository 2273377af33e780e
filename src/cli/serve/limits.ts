/** The bounds of `statuskit serve`, each set by a command-line flag. */
export interface ServeLimits {
  /** The longest total wait of one answer (`sleep`, `sleepAfterHeaders` and `dribble` together), in ms. */
  maxSleepMs: number;
  /** The most answers held open at once by a wait; one more is answered 503 with `Retry-After`. */
  maxDelayed: number;
  /** The longest chain `/redirect/{n}` builds. */
  maxRedirects: number;
  /** The largest `/range/{n}`, in bytes. */
  maxRangeBytes: number;
  /** Origins (`https://example.org`) that `/redirect-to` and a custom `Location` may point at. */
  redirectAllow: readonly string[];
}

/**
 * The limits when no flag changes them.
 *
 * @example
 * DEFAULT_LIMITS.maxSleepMs // 30000
 */
export const DEFAULT_LIMITS: Readonly<ServeLimits> = Object.freeze({
  maxSleepMs: 30_000,
  maxDelayed: 10_000,
  maxRedirects: 20,
  maxRangeBytes: 102_400,
  redirectAllow: Object.freeze([]) as readonly string[],
});

/**
 * Normalises one `--redirect-allow` value to an origin, or returns `undefined` when it is not an
 * `http:` or `https:` origin (a path, a query or credentials are refused, so the list means origins).
 *
 * @example
 * allowedOrigin('https://Example.org/') // 'https://example.org'
 * allowedOrigin('ftp://example.org') // undefined
 */
export function allowedOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    return undefined;
  return url.origin;
}
