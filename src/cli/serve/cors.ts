import type { IncomingMessage } from 'node:http';

/** Response headers the status server may send that a browser script could want to read. */
const EXPOSABLE = [
  'accept-ranges',
  'allow',
  'content-range',
  'etag',
  'link',
  'location',
  'proxy-authenticate',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'statuskit-warning',
  'upgrade',
  'www-authenticate',
];

// Response headers every browser script may read already (Fetch standard, CORS-safelisted).
const SAFELISTED: ReadonlySet<string> = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/**
 * Adds the CORS headers of a response in place: any origin, and `Access-Control-Expose-Headers`
 * naming the non-safelisted headers the response actually carries (none on a plain 404), plus
 * `extra` (headers a request asked for).
 *
 * @example
 * withCors({ 'retry-after': '1' }) // { 'retry-after': '1', 'access-control-allow-origin': '*', 'access-control-expose-headers': 'retry-after' }
 */
export function withCors(
  headers: Record<string, string>,
  extra: readonly string[] = [],
): Record<string, string> {
  headers['access-control-allow-origin'] = '*';
  const exposed = EXPOSABLE.filter((name) => headers[name] !== undefined);
  for (const name of extra) if (!SAFELISTED.has(name) && !exposed.includes(name)) exposed.push(name);
  if (exposed.length > 0) headers['access-control-expose-headers'] = exposed.join(', ');
  else delete headers['access-control-expose-headers'];
  return headers;
}

const TOKEN_LIST = /^[!#$%&'*+.^`|~\w-]+(?:\s*,\s*[!#$%&'*+.^`|~\w-]+)*$/;
const METHOD = /^[!#$%&'*+.^`|~\w-]{1,32}$/;
const ALL_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * True for a CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
 *
 * @example
 * if (isPreflight(req)) return res.writeHead(204, preflightHeaders(req)).end();
 */
export function isPreflight(req: IncomingMessage): boolean {
  return (
    req.method === 'OPTIONS' &&
    req.headers.origin !== undefined &&
    req.headers['access-control-request-method'] !== undefined
  );
}

/**
 * The headers of a preflight answer: the requested method and headers are allowed (echoed only
 * when they are well-formed tokens), cached for a day.
 *
 * @example
 * preflightHeaders(req)['access-control-allow-methods'] // 'PUT'
 */
export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const method = req.headers['access-control-request-method'] ?? '';
  const requested = req.headers['access-control-request-headers'] ?? '';
  const headers: Record<string, string> = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': METHOD.test(method) ? method : ALL_METHODS,
    'access-control-max-age': '86400',
    vary: 'Access-Control-Request-Method, Access-Control-Request-Headers',
  };
  if (requested.length <= 1000 && TOKEN_LIST.test(requested.trim()))
    headers['access-control-allow-headers'] = requested.trim();
  return headers;
}
