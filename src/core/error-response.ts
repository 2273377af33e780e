import { describeError, type ErrorInfo } from './describe-error.js';
import { errorBody, JSON_TYPE, PROBLEM_TYPE, problemBody, type ResponseParts } from './envelope.js';
import { prefersProblemJson } from './negotiate.js';
import { type ResolvedOptions, resolveOptions, type StatuskitOptions } from './options.js';
import { statusMessage } from './registry.js';

/**
 * Turns anything thrown, plus the request's `Accept`, into the response to send: what
 * {@link createErrorResponder} returns.
 *
 * @example
 * const respond: ErrorResponder = createErrorResponder({ logger: false });
 * respond(new NotFoundError()).body; // '{"error":"Not found"}'
 */
export type ErrorResponder = (error: unknown, accept?: string | null) => ResponseParts;

/**
 * Makes the function every adapter calls on an error: it reads the error (any library's), hides
 * 5xx messages, picks the envelope or problem details by `Accept`, adds `Cache-Control: no-store`
 * and logs 5xx errors once with their stack. It never throws: headers the error asks for that
 * cannot be written are dropped (and logged), and an error that cannot be read or serialised at all
 * is answered with the generic 500.
 *
 * @example
 * const respond = createErrorResponder({ logger: false });
 * respond(new NotFoundError()) // { status: 404, headers: {...}, body: '{"error":"Not found"}' }
 */
export function createErrorResponder(options: StatuskitOptions | ResolvedOptions = {}): ErrorResponder {
  const { problemDetails, logger } = resolveOptions(options);
  const log = (error: unknown, message: string) => {
    if (!logger) return;
    try {
      logger.error(error, message);
    } catch {
      // A logger that throws must not take the answer down with it.
    }
  };
  return function respondToError(error, accept) {
    const info = describeError(error);
    if (info.log) log(error, `statuskit: ${info.status} answered`);
    if (info.dropped) {
      log(
        error,
        `statuskit: headers that cannot be written were left out of a ${info.status} answer: ${info.dropped.map((n) => JSON.stringify(n)).join(', ')}`,
      );
    }
    const problem = problemDetails === true || (problemDetails === 'auto' && prefersProblemJson(accept));
    try {
      return answer(info.status, info.expose ? info.message : statusMessage(info.status), info, problem);
    } catch (failure) {
      log(failure, 'statuskit: the error answer could not be built; answered the generic 500');
      return answer(500, statusMessage(500), undefined, problem);
    }
  };
}

function answer(
  status: number,
  message: string,
  info: ErrorInfo | undefined,
  problem: boolean,
): ResponseParts {
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    ...info?.headers,
    'content-type': problem ? PROBLEM_TYPE : JSON_TYPE,
  };
  // A 401 always carries a challenge (RFC 9110 §11.6.1): the default when the error brought none.
  if (status === 401 && headers['www-authenticate'] === undefined) headers['www-authenticate'] = 'Bearer';
  const body = problem
    ? problemBody(status, message, info?.code, info?.details)
    : errorBody(message, info?.code, info?.details);
  return { status, headers, body };
}

/**
 * The generic 500 in the envelope, for the last resort of an adapter: when even writing an error
 * answer failed (a framework refused a header or the status).
 *
 * @example
 * writeParts(req, res, INTERNAL_ERROR) // statuskit's Node writer
 */
export const INTERNAL_ERROR: ResponseParts = Object.freeze({
  status: 500,
  headers: Object.freeze({ 'cache-control': 'no-store', 'content-type': JSON_TYPE }) as Record<
    string,
    string
  >,
  body: errorBody(statusMessage(500)),
});
