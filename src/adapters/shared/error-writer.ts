import type { IncomingMessage, ServerResponse } from 'node:http';
import { createErrorResponder } from '../../core/error-response.js';
import type { ResolvedOptions } from '../../core/options.js';
import { isDiscarded, writeErrorParts } from './node-io.js';

/** Answers an error on a Node response; see {@link createErrorWriter}. */
export type ErrorWriter = (req: IncomingMessage, res: ServerResponse, error: unknown) => void;

/** Errors that only say the client went away: nothing to answer and nothing to log. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Makes the function that answers anything thrown on a Node response: the envelope (or problem
 * details by `Accept`) while nothing is sent yet; once headers are out (or the connection is gone),
 * the error is logged and the connection ended, since the status can no longer change. An error
 * after the response finished, or on a response answered at its deadline, is only logged; a client
 * that went away is neither. Nothing here throws.
 *
 * @example
 * const writeError = createErrorWriter(resolveOptions({ logger: false }));
 * writeError(req, res, new NotFoundError());
 */
export function createErrorWriter(options: ResolvedOptions): ErrorWriter {
  const respond = createErrorResponder(options);
  const { logger } = options;
  return function writeError(req, res, error) {
    // Answered already (the deadline passed): a 5xx from the late handler is only logged.
    if (isDiscarded(res)) return void respond(error);
    const started = res.headersSent || res.writableEnded;
    if (!started && !res.destroyed) {
      writeErrorParts(req, res, respond(error, req.headers.accept), logger);
      return;
    }
    // The connection closed before an answer: nothing to send; a 5xx is still logged by respond().
    if (!started) return void respond(error);
    const gone = CLIENT_GONE.has((error as { code?: unknown } | null)?.code as string);
    if (logger && !gone) logger.error(error, 'statuskit: error after the response started; connection ended');
    if (!res.writableEnded && !res.destroyed) res.destroy();
  };
}
