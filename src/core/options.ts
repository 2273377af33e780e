/**
 * Where statuskit reports errors it hides from clients. Pino, console and most loggers fit.
 *
 * @example
 * const logger: Logger = { error: (error, message) => pino.error({ err: error }, message) };
 * app.use(statuskit({ logger }).start);
 */
export interface Logger {
  error(error: unknown, message?: string): void;
}

/**
 * Options every adapter takes, with the same names everywhere.
 *
 * @example
 * const options: StatuskitOptions = { problemDetails: true, bodyLimit: 100_000, validationStatus: 422 };
 */
export interface StatuskitOptions {
  /**
   * Errors as RFC 9457 problem details: `'auto'` (default) when the request's `Accept` prefers
   * `application/problem+json`, `true` always, `false` never.
   */
  problemDetails?: boolean | 'auto';
  /** Where 5xx errors are logged with their stack; `false` logs nothing. Default: `console`. */
  logger?: Logger | false;
  /** Status for schema validation failures. Default 400. */
  validationStatus?: 400 | 422;
  /** Largest request body in bytes. Default 1 MB (1,048,576). */
  bodyLimit?: number;
  /**
   * JSON bodies with a `__proto__` key or a `constructor.prototype`: `'error'` (default, 400, as
   * Fastify does), `'remove'` (the keys are deleted) or `'ignore'`.
   */
  protoPoisoning?: ProtoPoisoning;
  /**
   * Whether statuskit reads request bodies (default `true`): JSON bodies are parsed for the
   * routes that take a request, other media types refused with 415, except where a route's own
   * parsers take them (body-parser and multer on Express, `@koa/bodyparser` on Koa, and any route
   * marked with `accepts(...)`). `false` leaves every body to the app's own parsers; statuskit
   * then only answers their errors in the envelope.
   */
  readBodies?: boolean;
}

/** Options after defaults are applied. */
export interface ResolvedOptions {
  problemDetails: boolean | 'auto';
  logger: Logger | false;
  validationStatus: 400 | 422;
  bodyLimit: number;
  protoPoisoning: ProtoPoisoning;
  readBodies: boolean;
}

import { StatuskitConfigError } from './config-error.js';
import type { ProtoPoisoning } from './request-rules.js';

/**
 * Applies defaults and checks option values, throwing `ERR_STATUSKIT_INVALID_OPTION` on a bad one.
 *
 * @example
 * resolveOptions({ bodyLimit: 100_000 }).problemDetails // 'auto'
 */
export function resolveOptions(options: StatuskitOptions = {}): ResolvedOptions {
  const {
    bodyLimit = 1_048_576,
    problemDetails = 'auto',
    validationStatus = 400,
    logger = console,
    protoPoisoning = 'error',
    readBodies = true,
  } = options;
  const check = (ok: boolean, name: string, expected: string, value: unknown) => {
    if (!ok) {
      throw new StatuskitConfigError(
        'ERR_STATUSKIT_INVALID_OPTION',
        `${name} must be ${expected}; got ${String(value)}.`,
        `pass ${expected}, or leave ${name} out for its default.`,
      );
    }
  };
  check(Number.isSafeInteger(bodyLimit) && bodyLimit >= 0, 'bodyLimit', 'a whole number of bytes', bodyLimit);
  check(
    problemDetails === 'auto' || typeof problemDetails === 'boolean',
    'problemDetails',
    "true, false or 'auto'",
    problemDetails,
  );
  check(
    validationStatus === 400 || validationStatus === 422,
    'validationStatus',
    '400 or 422',
    validationStatus,
  );
  check(
    logger === false || typeof logger?.error === 'function',
    'logger',
    'an object with error(error, message), or false',
    logger,
  );
  check(
    protoPoisoning === 'error' || protoPoisoning === 'remove' || protoPoisoning === 'ignore',
    'protoPoisoning',
    "'error', 'remove' or 'ignore'",
    protoPoisoning,
  );
  check(typeof readBodies === 'boolean', 'readBodies', 'true or false', readBodies);
  return { problemDetails, logger, validationStatus, bodyLimit, protoPoisoning, readBodies };
}
