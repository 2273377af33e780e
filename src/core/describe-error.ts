import { isSafeHeaderValue } from './headers.js';
import { type ErrorDetail, isHttpError } from './http-error.js';
import { statusMessage } from './registry.js';

/** What statuskit needs to know to answer an error, whatever library created it. */
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
}

/** Messages statuskit uses for the situations it answers by itself. */
export const MESSAGES = {
  malformedJson: 'Malformed JSON body',
  malformedUrl: 'Malformed URL encoding',
  validation: 'Validation failed',
} as const;

/** Foreign error codes (body-parser `type`, Fastify `code`) whose meaning is known: status and message. */
const KNOWN: Record<string, readonly [number, string?]> = {
  'entity.parse.failed': [400, MESSAGES.malformedJson],
  'entity.too.large': [413],
  'encoding.unsupported': [415, 'Unsupported content encoding'],
  'charset.unsupported': [415, 'Unsupported charset'],
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

function safeHeaders(raw: unknown): Record<string, string> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const [name, value] of Object.entries(raw)) {
    const v = typeof value === 'number' ? String(value) : value;
    if (typeof v === 'string' && isSafeHeaderValue(v) && isSafeHeaderValue(name)) {
      out[name.toLowerCase()] = v;
      any = true;
    }
  }
  return any ? out : undefined;
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
 * `HTTPException`, a JSON `SyntaxError`, or any other value (500, not exposed).
 *
 * @example
 * describeError(createError(404)).status // 404
 * describeError(new Error('db password wrong')) // { status: 500, expose: false, ... }
 */
export function describeError(error: unknown): ErrorInfo {
  if (isHttpError(error)) {
    return {
      status: error.status,
      message: error.message,
      expose: error.expose,
      log: error.log,
      headers: error.headers,
      code: error.code,
      details: error.details,
    };
  }
  if (typeof error !== 'object' || error === null) return INTERNAL;
  const e = error as Record<string, any>;

  // Boom keeps its answer under `output`.
  if (e.isBoom === true && typeof e.output === 'object' && e.output !== null) {
    const status = e.output.statusCode;
    if (!isStatus(status)) return INTERNAL;
    return info(
      status,
      typeof e.message === 'string' ? e.message : '',
      status < 500,
      safeHeaders(e.output.headers),
    );
  }

  // A known foreign code decides status and message, whatever else the error says.
  const known =
    KNOWN[typeof e.type === 'string' ? e.type : ''] ?? KNOWN[typeof e.code === 'string' ? e.code : ''];
  if (known) {
    const [status, message] = known;
    const details = e.code === 'FST_ERR_VALIDATION' ? fastifyDetails(e.validation) : undefined;
    return { ...info(status, message ?? statusMessage(status), status < 500, undefined), details };
  }

  // NestJS HttpException answers through getStatus().
  let status: unknown = typeof e.getStatus === 'function' ? safeCall(() => e.getStatus()) : undefined;
  status ??= e.status ?? e.statusCode;
  if (isStatus(status)) {
    const message = typeof e.message === 'string' ? e.message : '';
    const expose = typeof e.expose === 'boolean' ? e.expose : status < 500;
    return {
      ...info(status, message, expose, safeHeaders(e.headers)),
      details: fastifyDetails(e.validation),
    };
  }

  // JSON.parse on a request body (Hono's c.req.json(), hand-written parsers).
  if (error instanceof SyntaxError && /JSON/.test(error.message)) {
    return info(400, MESSAGES.malformedJson, true, undefined);
  }
  return INTERNAL;
}

function info(
  status: number,
  message: string,
  expose: boolean,
  headers: Record<string, string> | undefined,
): ErrorInfo {
  return {
    status,
    message: message || statusMessage(status),
    expose,
    log: status >= 500,
    headers,
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
