/**
 * statuskit core: the status registry, typed errors, the JSON envelope, success helpers, schema
 * validation and the error normaliser. Framework-free and without Node imports, so it runs on Node,
 * Bun, Deno and Workers; the adapters live under `statuskit/<framework>`, the full registry (RFC
 * references, headers, what each code means) under `statuskit/registry`, the guards under
 * `statuskit/guards`.
 *
 * Every name below is exported on purpose and documented with an example. Left out on purpose:
 * the pieces the adapters share to write an answer (the envelope serialisers `errorBody`,
 * `successBody` and `problemBody`, the `Content-Type` constants, header-safety and `Retry-After`
 * helpers, content negotiation for problem details, option resolution and the messages of the
 * automatic answers). They are how statuskit keeps the wire format of `docs/design/wire-format.md`,
 * not something an application calls: an application gets the same bytes from
 * `createErrorResponder()` and the success helpers, which stay stable while those internals change.
 *
 * @example
 * import { NotFoundError, ok } from 'statuskit';
 * ok({ id: 1 }).body; // '{"success":"OK","data":{"id":1}}'
 * throw new NotFoundError('No note 7'); // 404 {"error":"No note 7"} through any adapter
 *
 * @module
 */

// Errors: the base class, one subclass per 4xx and 5xx code, a factory and a recogniser.
export { StatuskitConfigError } from './core/config-error.js';
export { createError } from './core/create-error.js';
// Answering errors outside an adapter: any thrown value to a status, headers and a body.
export { describeError, type ErrorInfo } from './core/describe-error.js';
export type { ErrorEnvelope, ResponseParts, SuccessEnvelope } from './core/envelope.js';
export { createErrorResponder, type ErrorResponder } from './core/error-response.js';
export * from './core/errors.generated.js';
export type { StatusHeaderOptions } from './core/headers.js';
export { type ErrorDetail, HttpError, type HttpErrorOptions, isHttpError } from './core/http-error.js';
export type { Logger, StatuskitOptions } from './core/options.js';
// The lean registry: codes, messages, classes, and the `Status` constants.
export {
  getStatus,
  isClientError,
  isError,
  isInformational,
  isRedirect,
  isServerError,
  isSuccess,
  isValidStatus,
  STATUS_ENTRIES,
  statusMessage,
  statusPhrase,
} from './core/registry.js';
export type { Registration, StatusClass, StatusInfo } from './core/registry-types.js';
export type {
  ContentlessStatusCode,
  ErrorStatusCode,
  StatusCode,
  StatusConstants,
  SuccessStatusCode,
} from './core/status.generated.js';
export { Status } from './core/status.js';
// Successes in the envelope.
export { accepted, created, noContent, ok, redirect, type SuccessOptions, success } from './core/success.js';
// Request bodies checked with any Standard Schema library.
export { type InferOutput, type StandardSchemaV1, type ValidateOptions, validate } from './core/validate.js';
