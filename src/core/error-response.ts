import { describeError } from './describe-error.js';
import { errorBody, JSON_TYPE, PROBLEM_TYPE, problemBody, type ResponseParts } from './envelope.js';
import { prefersProblemJson } from './negotiate.js';
import { type ResolvedOptions, resolveOptions, type StatuskitOptions } from './options.js';
import { statusMessage } from './registry.js';

/** Turns anything thrown, plus the request's `Accept`, into the response to send. */
export type ErrorResponder = (error: unknown, accept?: string | null) => ResponseParts;

/**
 * Makes the function every adapter calls on an error: it reads the error (any library's), hides
 * 5xx messages, picks the envelope or problem details by `Accept`, adds `Cache-Control: no-store`
 * and logs 5xx errors once with their stack.
 *
 * @example
 * const respond = createErrorResponder({ logger: false });
 * respond(new NotFoundError()) // { status: 404, headers: {...}, body: '{"error":"Not found"}' }
 */
export function createErrorResponder(options: StatuskitOptions | ResolvedOptions = {}): ErrorResponder {
  const { problemDetails, logger } = resolveOptions(options);
  return function respondToError(error, accept) {
    const info = describeError(error);
    if (info.log && logger) logger.error(error, `statuskit: ${info.status} answered`);
    const message = info.expose ? info.message : statusMessage(info.status);
    const problem = problemDetails === true || (problemDetails === 'auto' && prefersProblemJson(accept));
    const headers: Record<string, string> = {
      'cache-control': 'no-store',
      ...info.headers,
      'content-type': problem ? PROBLEM_TYPE : JSON_TYPE,
    };
    const body = problem
      ? problemBody(info.status, message, info.code, info.details)
      : errorBody(message, info.code, info.details);
    return { status: info.status, headers, body };
  };
}
