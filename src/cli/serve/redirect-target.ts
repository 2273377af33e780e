/** A `Location` the status server refuses to send, with the sentence that says why. */
export interface RedirectRefusal {
  problem: string;
}

const SAFE_TARGET = /^[\x21-\x7e]{1,2048}$/;

/**
 * Checks where a redirect may point, so the status server is never an open redirect: a path on
 * this server (`/200`, not `//host` or `/\host`), an absolute URL on this server's own origin (the
 * request's `Host`), or one on an origin allowed with `--redirect-allow`. Returns the `Location`
 * to send, or the reason it is refused.
 *
 * @example
 * redirectTarget('/200', '127.0.0.1:3000', []) // '/200'
 * redirectTarget('https://evil.example/', '127.0.0.1:3000', []) // { problem: '…not on this server…' }
 */
export function redirectTarget(
  target: string,
  host: string | undefined,
  allow: readonly string[],
): string | RedirectRefusal {
  if (!SAFE_TARGET.test(target))
    return {
      problem: 'A redirect target must be 1 to 2048 visible ASCII characters (percent-encode the rest).',
    };
  if (target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')) return target;
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    const own = host !== undefined && url.protocol === 'http:' && url.host === host.toLowerCase();
    if ((own || allow.includes(url.origin)) && !url.username && !url.password) return url.href;
  }
  const shown = JSON.stringify(target.length > 60 ? `${target.slice(0, 60)}…` : target);
  return {
    problem: `${shown} is not on this server: a redirect goes to a path here (/200), or to an origin allowed with --redirect-allow.`,
  };
}
