/** Where statuskit reports errors it hides from clients. Pino, console and most loggers fit. */
export interface Logger {
  error(error: unknown, message?: string): void;
}

/** Options every adapter takes, with the same names everywhere. */
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
}

/** Options after defaults are applied. */
export interface ResolvedOptions {
  problemDetails: boolean | 'auto';
  logger: Logger | false;
  validationStatus: 400 | 422;
  bodyLimit: number;
}

import { StatuskitConfigError } from './config-error.js';

/**
 * Applies defaults and checks option values, throwing `ERR_STATUSKIT_INVALID_OPTION` on a bad one.
 *
 * @example
 * resolveOptions({ bodyLimit: 100_000 }).problemDetails // 'auto'
 */
export function resolveOptions(options: StatuskitOptions = {}): ResolvedOptions {
  const bodyLimit = options.bodyLimit ?? 1_048_576;
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit < 0) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_INVALID_OPTION',
      `bodyLimit must be a whole number of bytes; got ${String(options.bodyLimit)}.`,
      'pass e.g. { bodyLimit: 100_000 } for 100 kB.',
    );
  }
  const problemDetails = options.problemDetails ?? 'auto';
  if (problemDetails !== 'auto' && typeof problemDetails !== 'boolean') {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_INVALID_OPTION',
      `problemDetails must be true, false or 'auto'; got ${String(problemDetails)}.`,
      "leave it out for 'auto' (by Accept).",
    );
  }
  const validationStatus = options.validationStatus ?? 400;
  if (validationStatus !== 400 && validationStatus !== 422) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_INVALID_OPTION',
      `validationStatus must be 400 or 422; got ${String(validationStatus)}.`,
      'use 400 (the default) or 422.',
    );
  }
  const logger = options.logger ?? console;
  if (logger !== false && typeof logger?.error !== 'function') {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_INVALID_OPTION',
      'logger must have an error(error, message) method, or be false.',
      'pass console, a pino logger, or false.',
    );
  }
  return { problemDetails, logger, validationStatus, bodyLimit };
}
