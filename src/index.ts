/**
 * statuskit core: the status registry, typed errors, the JSON envelope and the error normaliser.
 * Framework-free and without Node imports; adapters live under `statuskit/<framework>`.
 *
 * @module
 */
export { StatuskitConfigError } from './core/config-error.js';
export { createError } from './core/create-error.js';
export { describeError, type ErrorInfo, MESSAGES } from './core/describe-error.js';
export {
  type ErrorEnvelope,
  errorBody,
  JSON_TYPE,
  PROBLEM_TYPE,
  problemBody,
  type ResponseParts,
  type SuccessEnvelope,
  successBody,
} from './core/envelope.js';
export { createErrorResponder, type ErrorResponder } from './core/error-response.js';
export * from './core/errors.generated.js';
export {
  isSafeHeaderValue,
  retryAfterValue,
  type StatusHeaderOptions,
  safeHeaderValue,
  statusHeaders,
} from './core/headers.js';
export { type ErrorDetail, HttpError, type HttpErrorOptions, isHttpError } from './core/http-error.js';
export { prefersProblemJson } from './core/negotiate.js';
export { type Logger, type ResolvedOptions, resolveOptions, type StatuskitOptions } from './core/options.js';
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
export { accepted, created, noContent, ok, redirect, type SuccessOptions, success } from './core/success.js';
export { type InferOutput, type StandardSchemaV1, type ValidateOptions, validate } from './core/validate.js';
