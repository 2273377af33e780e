import { errorClass } from './error-class.js';
import { MethodNotAllowedError, UpgradeRequiredError } from './errors.generated.js';
import { HttpError, type HttpErrorOptions } from './http-error.js';
import { getStatus } from './registry.js';

/**
 * Creates the error for a 4xx or 5xx code: an instance of its generated class (`NotFoundError` for
 * 404), or a plain `HttpError` for an unregistered code in range.
 *
 * @example
 * throw createError(404, 'Note not found')
 * throw createError(405, undefined, { allow: ['GET'] })
 */
export function createError<S extends number>(
  status: S,
  message?: string,
  options?: HttpErrorOptions,
): HttpError<S> {
  if (status === 405)
    return new MethodNotAllowedError(
      options?.allow ?? [],
      message,
      options,
    ) as HttpError<number> as HttpError<S>;
  if (status === 426) {
    return new UpgradeRequiredError(
      options?.upgrade ?? 'HTTP/1.1',
      message,
      options,
    ) as HttpError<number> as HttpError<S>;
  }
  const registered = getStatus(status) !== undefined && status >= 400;
  return registered ? new (errorClass(status))(message, options) : new HttpError(status, message, options);
}
