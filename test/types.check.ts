/**
 * Type-level tests: checked by `tsc -p tsconfig.json` (npm run typecheck), never run.
 * Each `@ts-expect-error` marks something that must not compile; tsc fails if it does compile.
 */
import {
  type ContentlessStatusCode,
  createError,
  type ErrorStatusCode,
  type HttpError,
  MethodNotAllowedError,
  NotFoundError,
  Status,
  type StatusCode,
  success,
  TooManyRequestsError,
  UpgradeRequiredError,
} from 'statuskit';

const notFound = new NotFoundError();
const literal: 404 = notFound.status;
// @ts-expect-error a NotFoundError's status is the literal 404
const wrong: 500 = notFound.status;

// @ts-expect-error MethodNotAllowedError asks for the allowed methods
new MethodNotAllowedError();
new MethodNotAllowedError(['GET']);
// @ts-expect-error UpgradeRequiredError asks for the protocol
new UpgradeRequiredError();
new TooManyRequestsError(undefined, { retryAfter: 30 });
// @ts-expect-error retryAfter is seconds or a Date
new TooManyRequestsError(undefined, { retryAfter: '30' });

const created: HttpError<409> = createError(409);
const code: StatusCode = Status.NOT_FOUND;
// @ts-expect-error 600 is no status code
const bad: StatusCode = 600;
const errorCode: ErrorStatusCode = 503;
// @ts-expect-error 200 is no error code
const notAnError: ErrorStatusCode = 200;
const empty: ContentlessStatusCode = 204;
// @ts-expect-error 200 carries content
const full: ContentlessStatusCode = 200;
// @ts-expect-error Status constants are read-only
Status.NOT_FOUND = 405;
success(200, { any: 'payload' });

export { bad, code, created, empty, errorCode, full, literal, notAnError, wrong };
