import { HttpError, type HttpErrorOptions } from './http-error.js';
import { namesFor } from './names.js';
import { statusPhrase } from './registry.js';

/** The constructor of a generated error class such as `NotFoundError`. */
export interface HttpErrorClass<S extends number> {
  new (message?: string, options?: HttpErrorOptions): HttpError<S>;
  readonly prototype: HttpError<S>;
}

const CLASSES = new Map<number, HttpErrorClass<number>>();

/**
 * The error class for a registered 4xx or 5xx code, named after its IANA phrase; one class per
 * code, so `createError(404)` is an instance of `NotFoundError`.
 *
 * @example
 * const NotFoundError = errorClass(404);
 * new NotFoundError('Note not found').status // 404
 */
export function errorClass<S extends number>(status: S): HttpErrorClass<S> {
  let made = CLASSES.get(status);
  if (!made) {
    const name = namesFor(status, statusPhrase(status))?.errorClass ?? 'HttpError';
    // The class's own name is a static getter in the class body: naming it through a computed key
    // or Object.defineProperty afterwards made every `new NotFoundError()` slower in V8.
    made = class extends HttpError<number> {
      static override get name(): string {
        return name;
      }

      constructor(message?: string, options?: HttpErrorOptions) {
        super(status, message, options);
      }

      override get name(): string {
        return name;
      }
    };
    CLASSES.set(status, made);
  }
  return made as unknown as HttpErrorClass<S>;
}
