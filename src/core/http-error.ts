import { StatuskitConfigError } from './config-error.js';
import { type StatusHeaderOptions, statusHeaders } from './headers.js';
import { getStatus, statusMessage } from './registry.js';

/**
 * One problem with a request, e.g. a failed validation rule; sent under `details` (or `errors` in
 * problem details).
 *
 * @example
 * throw new BadRequestError('Invalid note', { details: [{ path: 'title', message: 'Required' }] });
 */
export interface ErrorDetail {
  /** Where the problem is, as a dotted path (`items.0.title`); empty for the whole value. */
  path: string;
  message: string;
}

/**
 * Options for {@link HttpError} and every generated error class.
 *
 * @example
 * throw new ConflictError('Title already taken', { code: 'NOTE_TITLE_TAKEN', cause: dbError });
 */
export interface HttpErrorOptions extends StatusHeaderOptions {
  /** Send the message to the client. Default: true below 500, false for 5xx (its message is hidden). */
  expose?: boolean;
  /**
   * Extra response headers. One whose name is not a token or whose value is not safe to write (CR,
   * LF, NUL, characters outside Latin-1) is dropped when the error is answered, and the drop logged.
   */
  headers?: Record<string, string>;
  /** A stable machine code in UPPER_SNAKE case, sent as `code`. */
  code?: string;
  /** Problems to list under `details`, e.g. validation issues. */
  details?: readonly ErrorDetail[];
  /** The underlying error; logged, never sent. */
  cause?: unknown;
  /** Report the error to the logger when it is answered. Default: true for 5xx; false suits expected 503s such as load shedding. */
  log?: boolean;
  /** Capture a stack trace. Default: `HttpError.stackTraces` for the error's class. */
  captureStack?: boolean;
  /** Allow a deprecated, reserved or obsolete code (305, 306, 418, 510). */
  allowRestricted?: boolean;
}

const BRAND = Symbol.for('statuskit.HttpError');
const CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * An error that carries an HTTP status. Throw it (or a subclass such as `NotFoundError`) from a
 * handler and the adapter answers with its status, headers and message in the JSON envelope.
 *
 * @example
 * throw new HttpError(409, 'Title already taken', { code: 'NOTE_TITLE_TAKEN' })
 */
export class HttpError<S extends number = number> extends Error {
  /**
   * Which errors capture a stack trace by default. 4xx errors are expected answers, and a stack
   * is most of what throwing one costs, so they capture none unless this is changed.
   */
  static stackTraces = { clientErrors: false, serverErrors: true };

  declare readonly status: S;
  declare readonly expose: boolean;
  declare readonly log: boolean;
  declare readonly headers: Readonly<Record<string, string>>;
  declare readonly code: string | undefined;
  declare readonly details: readonly ErrorDetail[] | undefined;

  constructor(status: S, message?: string, options?: HttpErrorOptions) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new StatuskitConfigError(
        'ERR_STATUSKIT_INVALID_STATUS',
        `HttpError status must be an integer from 400 to 599; got ${String(status)}.`,
        'use a 4xx or 5xx code, or a success helper for 1xx–3xx.',
      );
    }
    if (options?.allowRestricted !== true && getStatus(status)?.restricted) {
      throw new StatuskitConfigError(
        'ERR_STATUSKIT_RESTRICTED_STATUS',
        `Status ${status} is ${getStatus(status)?.registration} and is not sent by default.`,
        'pick a current code, or pass { allowRestricted: true } if you really mean it.',
      );
    }
    const capture =
      options?.captureStack ?? HttpError.stackTraces[status >= 500 ? 'serverErrors' : 'clientErrors'];
    const limit = Error.stackTraceLimit;
    if (!capture) Error.stackTraceLimit = 0;
    super(
      message ?? statusMessage(status),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    if (!capture) Error.stackTraceLimit = limit;
    if (options?.code !== undefined && !CODE.test(options.code)) {
      throw new StatuskitConfigError(
        'ERR_STATUSKIT_INVALID_CODE',
        `Error code ${JSON.stringify(options.code)} is not UPPER_SNAKE case.`,
        "use a code such as 'NOTE_TITLE_TAKEN'.",
      );
    }
    const own = statusHeaders(status, options);
    if (options?.headers) {
      for (const [name, value] of Object.entries(options.headers)) {
        if (typeof value === 'string') own[name.toLowerCase()] = value;
      }
    }
    this.status = status;
    this.expose = options?.expose ?? status < 500;
    this.log = options?.log ?? status >= 500;
    this.headers = own;
    this.code = options?.code;
    this.details = options?.details;
  }

  /** The same as `status`, for code that reads `statusCode`. */
  get statusCode(): S {
    return this.status;
  }

  override get name(): string {
    return 'HttpError';
  }

  /** @internal Recognised by `isHttpError()` across copies of statuskit. */
  get [BRAND](): true {
    return true;
  }
}

/**
 * True for an `HttpError` from this or any other copy of statuskit.
 *
 * @example
 * if (isHttpError(err) && err.status === 404) { ... }
 */
export function isHttpError(value: unknown): value is HttpError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
