import type { RawResponse } from './raw-client.js';

const LEAKS: readonly (readonly [RegExp, string])[] = [
  [/\bat\s[^\n<>]{0,200}?\(?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\s)<>]*:\d+:\d+/, 'a stack frame'],
  [/node_modules[/\\]/, 'a node_modules path'],
  [
    /(?:^|[\s"'(=])(?:\/[\w.-]+){2,}\/[\w.-]+\.(?:m?js|cjs|[cm]?ts|py|rb|go|java|php)\b|[A-Za-z]:\\(?:[\w.-]+\\)+/,
    'a source file path',
  ],
  [/Traceback \(most recent call last\)/, 'a Python traceback'],
  [
    /SQLITE_[A-Z]+|\bER_[A-Z_]{4,}\b|syntax error at or near|\bORA-\d{5}\b|SequelizeDatabaseError|MongoServerError|duplicate key value violates/,
    'database driver text',
  ],
  [/\bNODE_ENV\b/, 'a NODE_ENV banner'],
];

/**
 * Names the internal detail an error body reveals (stack frame, file path, driver text), if any.
 *
 * @example
 * findLeak('Error: boom\n    at handler (/srv/app/index.js:12:5)') // 'a stack frame'
 */
export function findLeak(text: string): string | undefined {
  for (const [pattern, what] of LEAKS) if (pattern.test(text)) return what;
  return undefined;
}

/** True for `application/json` and `application/*+json`. */
export const isJsonType = (type: string | undefined): boolean =>
  type !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type.trim());

/** True for `application/problem+json`. */
export const isProblemType = (type: string | undefined): boolean =>
  type !== undefined && /^application\/problem\+json\s*(?:;|$)/i.test(type.trim());

/**
 * Parses a JSON body; `undefined` when it is not JSON.
 *
 * @example
 * parseJson(Buffer.from('{"error":"x"}')) // { error: 'x' }
 */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const GENERIC = new Set([
  'internal server error',
  'internal error',
  'server error',
  'error',
  'something went wrong',
  'unexpected error',
  'an unexpected error occurred',
  'an internal error occurred',
  'an error occurred',
  'internal_server_error',
]);

/**
 * The first message of a 500 JSON body that is not a generic phrase (`error`, `message`,
 * `detail`, `msg` members): the thrown error's own text reaching the client.
 *
 * @example
 * leakedMessage({ statusCode: 500, error: 'Internal Server Error', message: 'db password wrong' }) // 'db password wrong'
 */
export function leakedMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail', 'msg', 'error_description']) {
    const value = record[key];
    if (typeof value !== 'string') continue;
    const normal = value
      .toLowerCase()
      .replace(/[.!]+$/, '')
      .trim();
    if (normal !== '' && !GENERIC.has(normal)) return value;
  }
  return undefined;
}

/**
 * Recognises a framework's default answer, so findings can say where it comes from.
 *
 * @example
 * frameworkDefault(res) // "Express's default 404 page"
 */
export function frameworkDefault(res: RawResponse): string | undefined {
  const text = res.body.subarray(0, 2000).toString('utf8');
  const type = res.headers['content-type'] ?? '';
  const express = res.headers['x-powered-by']?.includes('Express') === true;
  if (/<pre>Cannot [A-Z]+ /.test(text)) return "Express's default 404 page";
  if (express && type.includes('html') && /<title>Error<\/title>[\s\S]*<pre>/.test(text))
    return "Express's default error page (finalhandler)";
  const json = isJsonType(type) ? parseJson(res.body) : undefined;
  const keys = typeof json === 'object' && json !== null ? Object.keys(json) : [];
  if (keys[0] === 'statusCode' && keys.includes('error') && keys.includes('message'))
    return "Fastify's default error handler";
  if (type.startsWith('text/plain') && text === '404 Not Found') return "Hono's default 404";
  if (
    res.body.length === 0 &&
    res.headers['content-type'] === undefined &&
    res.headers.connection === 'close'
  )
    return "Node's HTTP parser (no clientError hook)";
  return undefined;
}
