import type { ErrorDetail } from './http-error.js';
import { getStatus } from './registry.js';

/**
 * A response ready to write: status, lower-case headers and the serialised body (none for 1xx, 204,
 * 304). What `createErrorResponder()` and the success helpers return; write it with any server.
 *
 * @example
 * const parts: ResponseParts = ok({ id: 1 });
 * res.writeHead(parts.status, parts.headers).end(parts.body);
 */
export interface ResponseParts {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * The body of an error in statuskit's envelope (`docs/design/wire-format.md` §1): `error` first,
 * then `code` and `details` only when there is something to say. A client can type its answers
 * with it.
 *
 * @example
 * const body = (await response.json()) as ErrorEnvelope;
 * if (body.code === 'NOTE_TITLE_TAKEN') showTitleTaken(body.error);
 */
export interface ErrorEnvelope {
  error: string;
  code?: string;
  details?: ErrorDetail[];
}

/**
 * The body of a success in statuskit's envelope (`docs/design/wire-format.md` §2): `success` first,
 * the payload under `data`.
 *
 * @example
 * const { data } = (await response.json()) as SuccessEnvelope<Note[]>;
 */
export interface SuccessEnvelope<T = unknown> {
  success: string;
  data?: T;
}

/** `Content-Type` of every envelope body. */
export const JSON_TYPE = 'application/json; charset=utf-8';
/** `Content-Type` of problem details (RFC 9457). */
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/**
 * Serialises an error envelope: `error` first, then `code` and `details` when there is something to say.
 *
 * @example
 * errorBody('Not found') // '{"error":"Not found"}'
 */
export function errorBody(message: string, code?: string, details?: readonly ErrorDetail[]): string {
  let body = `{"error":${JSON.stringify(message)}`;
  if (code !== undefined) body += `,"code":${JSON.stringify(code)}`;
  if (details !== undefined && details.length > 0) body += `,"details":${JSON.stringify(details)}`;
  return `${body}}`;
}

/**
 * Serialises an RFC 9457 problem: `type`, `title` (the IANA phrase), `status`, `detail`, plus `code`
 * and `errors` extensions.
 *
 * @example
 * problemBody(404, 'Note not found') // '{"type":"about:blank","title":"Not Found","status":404,"detail":"Note not found"}'
 */
export function problemBody(
  status: number,
  message: string,
  code?: string,
  details?: readonly ErrorDetail[],
): string {
  const title = getStatus(status)?.phrase ?? 'Error';
  let body = `{"type":"about:blank","title":${JSON.stringify(title)},"status":${status},"detail":${JSON.stringify(message)}`;
  if (code !== undefined) body += `,"code":${JSON.stringify(code)}`;
  if (details !== undefined && details.length > 0) body += `,"errors":${JSON.stringify(details)}`;
  return `${body}}`;
}

/**
 * Serialises a success envelope: `success` first, the payload under `data` when given.
 *
 * @example
 * successBody('OK', [1, 2]) // '{"success":"OK","data":[1,2]}'
 */
export function successBody(message: string, data?: unknown): string {
  return data === undefined
    ? `{"success":${JSON.stringify(message)}}`
    : successBodyJson(message, JSON.stringify(data));
}

/**
 * Serialises a success envelope around a payload already serialised (by a framework's response
 * schema, say).
 *
 * @example
 * successBodyJson('OK', '[1,2]') // '{"success":"OK","data":[1,2]}'
 */
export function successBodyJson(message: string, dataJson: string): string {
  return `{"success":${JSON.stringify(message)},"data":${dataJson}}`;
}
