import { writableHeaders } from './headers.js';
import { type ErrorDetail, isHttpError } from './http-error.js';
import { statusMessage } from './registry.js';

/**
 * What statuskit needs to know to answer an error, whatever library created it: what
 * {@link describeError} returns (`docs/design/automatic-answers.md` §3).
 *
 * @example
 * const info: ErrorInfo = describeError(new Error('secret'));
 * info.status; // 500
 * info.expose; // false: the client sees only 'Internal server error'
 */
export interface ErrorInfo {
  status: number;
  /** The message the error carries (hidden from the client when `expose` is false). */
  message: string;
  expose: boolean;
  /** Whether the logger hears of it: 5xx errors, unless an `HttpError` was created with `log: false`. */
  log: boolean;
  headers: Readonly<Record<string, string>> | undefined;
  code: string | undefined;
  details: readonly ErrorDetail[] | undefined;
  /** Headers the error asked for that cannot be written (not a token, or an unsafe value): left out. */
  dropped?: readonly string[];
}

/** Messages statuskit uses for the situations it answers by itself. */
export const MESSAGES = {
  malformedJson: 'Malformed JSON body',
  malformedUrl: 'Malformed URL encoding',
  validation: 'Validation failed',
  charset: 'Unsupported charset: JSON bodies must be UTF-8',
  encoding: 'Unsupported Content-Encoding',
  protoPoisoning: 'Body contains a forbidden __proto__ or constructor.prototype key',
} as const;

/**
 * Foreign error codes (body-parser `type`, Fastify `code`) whose meaning is known: status and
 * message. @fastify/reply-from (under @fastify/http-proxy) raises its `INTERNAL_SERVER_ERROR` only
 * when the request to the upstream failed (refused, unreachable): a gateway's 502 (RFC 9110
 * §15.6.3), not a fault of this server.
 */
const KNOWN: Record<string, readonly [number, string?]> = {
  'entity.parse.failed': [400, MESSAGES.malformedJson],
  'entity.too.large': [413],
  'encoding.unsupported': [415, MESSAGES.encoding],
  'charset.unsupported': [415, MESSAGES.charset],
  'request.aborted': [400, 'Request aborted'],
  'request.size.invalid': [400, 'Request size did not match Content-Length'],
  'stream.encoding.set': [500],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415],
  FST_ERR_CTP_BODY_TOO_LARGE: [413],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, MESSAGES.malformedJson],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, MESSAGES.malformedJson],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'Invalid Content-Length'],
  FST_ERR_BAD_URL: [400, MESSAGES.malformedUrl],
  FST_ERR_MAX_PARAM_LENGTH: [414],
  FST_ERR_VALIDATION: [400, MESSAGES.validation],
  FST_REPLY_FROM_INTERNAL_SERVER_ERROR: [502],
};

const INTERNAL: ErrorInfo = {
  status: 500,
  message: 'Internal server error',
  expose: false,
  log: true,
  headers: undefined,
  code: undefined,
  details: undefined,
};

const isStatus = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 400 && v <= 599;

/** The writable part of an error's headers; what was left out goes to `dropped` for the log. */
function withHeaders(info: ErrorInfo, raw: unknown): ErrorInfo {
  if (typeof raw !== 'object' || raw === null || isEmpty(raw)) return info;
  const { headers, dropped } = writableHeaders(raw);
  const out: ErrorInfo = { ...info, headers };
  if (dropped.length > 0) out.dropped = dropped;
  return out;
}

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

/** Fastify's validation errors (`err.validation`) as statuskit details. */
function fastifyDetails(validation: unknown): ErrorDetail[] | undefined {
  if (!Array.isArray(validation)) return undefined;
  return validation.map((v: { instancePath?: string; message?: string }) => ({
    path: String(v.instancePath ?? '')
      .replace(/^\//, '')
      .replace(/\//g, '.'),
    message: String(v.message ?? 'is invalid'),
  }));
}

/**
 * Reads the status, message, headers and exposure of anything thrown: statuskit's `HttpError` (from
 * any copy), http-errors and Express/Koa errors, Boom, Fastify, NestJS `HttpException`, Hono
 * `HTTPException`, or any other value (500, not exposed). Never throws: a value whose getters
 * throw is a 500 too. Headers that cannot be written are left out and named in `dropped`.
 *
 * @example
 * describeError(createError(404)).status // 404
 * describeError(new Error('db password wrong')) // { status: 500, expose: false, ... }
 */
export function describeError(error: unknown): ErrorInfo {
  try {
    return describe(error);
  } catch {
    return INTERNAL; // a throwing getter, a revoked proxy: whatever it was, it is a server fault
  }
}

function describe(error: unknown): ErrorInfo {
  if (isHttpError(error)) {
    const info: ErrorInfo = {
      status: error.status,
      message: String(error.message),
      expose: error.expose,
      log: error.log,
      headers: undefined,
      code: error.code,
      details: error.details,
    };
    return withHeaders(info, error.headers);
  }
  if (typeof error !== 'object' || error === null) return INTERNAL;
  const e = error as Record<string, any>;

  // Boom keeps its answer under `output`.
  if (e.isBoom === true && typeof e.output === 'object' && e.output !== null) {
    const status = e.output.statusCode;
    if (!isStatus(status)) return INTERNAL;
    return withHeaders(
      info(status, typeof e.message === 'string' ? e.message : '', status < 500),
      e.output.headers,
    );
  }

  // A known foreign code decides status and message, whatever else the error says.
  const known =
    KNOWN[typeof e.type === 'string' ? e.type : ''] ?? KNOWN[typeof e.code === 'string' ? e.code : ''];
  if (known) {
    const [status, message] = known;
    const details = e.code === 'FST_ERR_VALIDATION' ? fastifyDetails(e.validation) : undefined;
    return { ...info(status, message ?? statusMessage(status), status < 500), details };
  }

  // The popular middleware's own errors: multer (and @koa/multer) limits, the cors package's
  // refusal as its README writes it, formidable (koa-body uploads) with its `httpCode`.
  if (e.name === 'MulterError' && typeof e.code === 'string') {
    const status = e.code === 'LIMIT_FILE_SIZE' ? 413 : 400;
    return info(status, typeof e.message === 'string' ? e.message : '', true);
  }
  if (e.message === 'Not allowed by CORS' && e.status === undefined && e.statusCode === undefined) {
    return info(403, 'Not allowed by CORS', true);
  }
  if (isStatus(e.httpCode) && e.status === undefined && e.statusCode === undefined) {
    return info(e.httpCode, typeof e.message === 'string' ? e.message : '', e.httpCode < 500);
  }

  // NestJS HttpException answers through getStatus().
  let status: unknown = typeof e.getStatus === 'function' ? safeCall(() => e.getStatus()) : undefined;
  status ??= e.status ?? e.statusCode;
  if (isStatus(status)) {
    const message = typeof e.message === 'string' ? e.message : '';
    const expose = typeof e.expose === 'boolean' ? e.expose : status < 500;
    return withHeaders(
      { ...info(status, message, expose), details: fastifyDetails(e.validation) },
      e.headers ?? responseHeaders(e.res),
    );
  }
  // Anything else, a SyntaxError the application raised while parsing its own data included, is a
  // server fault: only statuskit's body reader turns malformed JSON into the client's 400.
  return INTERNAL;
}

/** Hono's `HTTPException` keeps its headers (`WWW-Authenticate`…) on the Response it carries. */
function responseHeaders(res: unknown): Record<string, string> | undefined {
  const headers = (res as { headers?: { forEach?: unknown } } | undefined)?.headers;
  if (typeof headers?.forEach !== 'function') return undefined;
  const out: Record<string, string> = {};
  (headers as Headers).forEach((value, name) => {
    if (name !== 'content-type' && name !== 'content-length') out[name] = value;
  });
  return out;
}

function info(status: number, message: string, expose: boolean): ErrorInfo {
  return {
    status,
    message: message || statusMessage(status),
    expose,
    log: status >= 500,
    headers: undefined,
    code: undefined,
    details: undefined,
  };
}

function safeCall(f: () => unknown): unknown {
  try {
    return f();
  } catch {
    return undefined;
  }
}
