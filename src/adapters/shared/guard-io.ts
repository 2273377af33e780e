/**
 * The guard features of the Node-based adapters (node:http, Express, Koa) on a `node:http`
 * response: guard decisions, the handler deadline, ETags on successes and handler preconditions.
 * The decisions themselves live in src/guards; this file only reads requests and writes responses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseParts } from '../../core/envelope.js';
import { type HttpError, isHttpError } from '../../core/http-error.js';
import type { EtagMode, ResolvedGuardOptions } from '../../guards/adapter-options.js';
import type { Preconditions } from '../../guards/conditional.js';
import {
  checkPreconditions,
  conditionalSuccess,
  etagForData,
  requestPreconditions,
} from '../../guards/conditional-response.js';
import { type Deadline, startDeadline } from '../../guards/deadline.js';
import { nodeGuardRequest } from '../../guards/request.js';
import type { Guard } from '../../guards/types.js';
import type { ErrorWriter } from './error-writer.js';
import { runGuardStep } from './guard-step.js';
import { discardLateResponse, writeParts } from './node-io.js';

/**
 * Runs a guard on a request: sets the decision's headers on the response and returns the error to
 * answer with (`undefined`: go on). Synchronous when the guard is; the Promise never rejects.
 * `target` is the path (or request target) guards see, by default `req.url`'s.
 *
 * @example
 * const refused = checkGuard(guard, req, res);
 * const error = refused instanceof Promise ? await refused : refused;
 * if (error !== undefined) throw error;
 */
export function checkGuard(
  guard: Guard,
  req: IncomingMessage,
  res: ServerResponse,
  target?: string,
): unknown | Promise<unknown> {
  return runGuardStep(guard, nodeGuardRequest(req, target), res, setNodeHeader);
}

function setNodeHeader(res: ServerResponse, name: string, value: string): void {
  if (!res.headersSent) res.setHeader(name, value);
}

/**
 * Starts the handler deadline of `deadlineMs` on a response: if nothing has been sent when it
 * passes, the 503 (with `Retry-After`) is written through the error path, the response becomes a
 * sink for whatever the handler sends later, and `onExpire` runs. Stops by itself when the
 * response closes.
 *
 * @example
 * if (guards.deadline) startResponseDeadline(guards.deadline, req, res, writeError);
 */
export function startResponseDeadline(
  deadline: NonNullable<ResolvedGuardOptions['deadline']>,
  req: IncomingMessage,
  res: ServerResponse,
  writeError: ErrorWriter,
  onExpire?: () => void,
): Deadline {
  const running = startDeadline(
    deadline.ms,
    (error) => {
      if (res.headersSent || res.destroyed) return;
      writeError(req, res, error);
      discardLateResponse(res);
      onExpire?.();
    },
    { retryAfter: deadline.retryAfter },
  );
  res.once('close', () => running.cancel());
  return running;
}

/**
 * The conditional headers of a Node request.
 *
 * @example
 * checkPreconditions(nodePreconditions(req), currentTag)
 */
export function nodePreconditions(req: IncomingMessage): Preconditions {
  return requestPreconditions(req.method ?? 'GET', (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  });
}

/**
 * What the success helpers and the precondition check of one adapter instance share.
 *
 * @example
 * const kit = conditionalKit(guards.etag, writeError);
 * kit.send(req, res, ok(note));
 */
export interface ConditionalKit {
  /** Writes success parts with the `etag` setting applied (ETag, 304, or 412 on a failed If-Match). */
  send(req: IncomingMessage, res: ServerResponse, parts: ResponseParts): void;
  /** The parts to send after the `etag` setting, or the error to answer instead. */
  prepare(req: IncomingMessage, res: ServerResponse, parts: ResponseParts): ResponseParts | HttpError;
  /** Throws 412 when the request's preconditions fail against `currentEtag`. */
  preconditions(req: IncomingMessage, currentEtag: string | undefined, lastModified?: Date): void;
  /** The ETag `ok(data)` gets under this `etag` setting (strong when off). */
  etagFor(data: unknown): string;
}

/**
 * Builds the {@link ConditionalKit} of an adapter instance from its `etag` setting.
 *
 * @example
 * const kit = conditionalKit('strong', writeError);
 */
export function conditionalKit(mode: EtagMode, writeError: ErrorWriter): ConditionalKit {
  const prepare: ConditionalKit['prepare'] = (req, res, parts) => {
    if (mode === false) return parts;
    const preset = res.getHeader('etag');
    return conditionalSuccess(
      parts,
      nodePreconditions(req),
      mode,
      typeof preset === 'string' ? preset : undefined,
    );
  };
  return {
    prepare,
    send(req, res, parts) {
      const out = prepare(req, res, parts);
      if (isHttpError(out)) writeError(req, res, out);
      else writeParts(req, res, out);
    },
    preconditions(req, currentEtag, lastModified) {
      checkPreconditions(nodePreconditions(req), currentEtag, lastModified);
    },
    etagFor: (data) => etagForData(data, mode),
  };
}
