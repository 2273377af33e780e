import type { IncomingMessage, ServerResponse } from 'node:http';
import { createErrorResponder } from '../../core/error-response.js';
import type { ResolvedOptions } from '../../core/options.js';
import { writeParts } from './node-io.js';

/** Answers an error on a Node response; see {@link createErrorWriter}. */
export type ErrorWriter = (req: IncomingMessage, res: ServerResponse, error: unknown) => void;

/**
 * Makes the function that answers anything thrown on a Node response: the envelope (or problem
 * details by `Accept`) while nothing is sent yet; once headers are out, the error is logged and the
 * connection ended, since the status can no longer change. An error after the response finished is
 * only logged. Nothing here throws.
 *
 * @example
 * const writeError = createErrorWriter(resolveOptions({ logger: false }));
 * writeError(req, res, new NotFoundError());
 */
export function createErrorWriter(options: ResolvedOptions): ErrorWriter {
  const respond = createErrorResponder(options);
  const { logger } = options;
  return function writeError(req, res, error) {
    if (res.headersSent || res.writableEnded) {
      if (logger) logger.error(error, 'statuskit: error after the response started; connection ended');
      if (!res.writableEnded) res.destroy();
      return;
    }
    try {
      writeParts(req, res, respond(error, req.headers.accept));
    } catch (failure) {
      if (logger) logger.error(failure, 'statuskit: could not write an error response');
      res.destroy();
    }
  };
}
