/**
 * Nest's validation errors in statuskit's terms: `ValidationPipe` and `StandardSchemaValidationPipe`
 * throw a `BadRequestException` whose response carries `message` as an array of strings (one per
 * issue, `"path: message"` from the Standard Schema pipe). statuskit answers it as its own
 * validation failure: `validationStatus` (400 or 422), "Validation failed", one detail per message.
 */
import { MESSAGES } from '../../core/describe-error.js';
import type { ErrorDetail } from '../../core/http-error.js';
import { HttpError } from '../../core/http-error.js';

/** A path prefix as the Standard Schema pipe writes it (`title: Too small`, `items.0.name: …`). */
const PATH_PREFIX = /^([\w$.[\]-]+): (.+)$/s;

/**
 * The statuskit error for a Nest exception whose response lists validation messages; `undefined`
 * for anything else (answered as it is).
 *
 * @example
 * validationError(new BadRequestException(['title: Too small']), 400)
 * // HttpError 400 "Validation failed", details [{ path: 'title', message: 'Too small' }]
 */
export function validationError(exception: unknown, status: 400 | 422): HttpError | undefined {
  const e = exception as { getStatus?: unknown; getResponse?: unknown } | null;
  if (typeof e?.getStatus !== 'function' || typeof e.getResponse !== 'function') return undefined;
  let messages: unknown;
  try {
    if (e.getStatus() !== 400) return undefined;
    messages = (e.getResponse() as { message?: unknown } | null)?.message;
  } catch {
    return undefined;
  }
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  if (!messages.every((m) => typeof m === 'string')) return undefined;
  const details: ErrorDetail[] = messages.map((m: string) => {
    const found = PATH_PREFIX.exec(m);
    return found ? { path: found[1]!, message: found[2]! } : { path: '', message: m };
  });
  return new HttpError(status, MESSAGES.validation, { details, cause: exception });
}
