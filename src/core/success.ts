import { StatuskitConfigError } from './config-error.js';
import { JSON_TYPE, type ResponseParts, successBody } from './envelope.js';
import { locationValue, safeHeaderValue } from './headers.js';
import { getStatus, statusMessage } from './registry.js';

/**
 * Options of every success builder.
 *
 * @example
 * ok(note, { message: 'Note found', headers: { etag: '"v3"' } });
 */
export interface SuccessOptions {
  /** The `success` message. Default: the registry message for the code (`OK`, `Created`, …). */
  message?: string;
  /** Extra headers. Values with CR, LF or NUL are refused. */
  headers?: Record<string, string>;
}

/**
 * A success response in the envelope, for any 1xx–3xx code. Codes that forbid content (1xx, 204,
 * 205, 304) get no body and no `Content-Type` (the write plan gives 205 its `Content-Length: 0`).
 *
 * @example
 * success(200, { id: 1 }) // { status: 200, body: '{"success":"OK","data":{"id":1}}', ... }
 */
export function success(status: number, data?: unknown, options?: SuccessOptions): ResponseParts {
  const entry = getStatus(status);
  if (!entry || status >= 400 || entry.restricted) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_INVALID_STATUS',
      `A success response needs a registered, current 1xx–3xx code; got ${String(status)}.`,
      'use an error class (e.g. NotFoundError) for 4xx and 5xx, and avoid 305 and 306.',
    );
  }
  const headers: Record<string, string> = {};
  if (options?.headers) {
    for (const [name, value] of Object.entries(options.headers))
      headers[name.toLowerCase()] = safeHeaderValue(value, name);
  }
  if (!entry.bodyAllowed) return { status, headers, body: undefined };
  headers['content-type'] = JSON_TYPE;
  return { status, headers, body: successBody(options?.message ?? statusMessage(status), data) };
}

/**
 * 200 with the payload under `data`.
 *
 * @example
 * ok(notes) // body '{"success":"OK","data":[...]}'
 */
export function ok(data?: unknown, options?: SuccessOptions): ResponseParts {
  return success(200, data, options);
}

/**
 * 201 with `Location` naming the new resource.
 *
 * @example
 * created(`/notes/${note.id}`, note)
 */
export function created(location: string, data?: unknown, options?: SuccessOptions): ResponseParts {
  return success(201, data, {
    ...options,
    headers: { ...options?.headers, location: locationValue(location) },
  });
}

/**
 * 202: accepted for processing that is not finished.
 *
 * @example
 * accepted({ job: '/jobs/7' })
 */
export function accepted(data?: unknown, options?: SuccessOptions): ResponseParts {
  return success(202, data, options);
}

/**
 * 204: done, nothing to send.
 *
 * @example
 * noContent() // { status: 204, headers: {}, body: undefined }
 */
export function noContent(options?: Pick<SuccessOptions, 'headers'>): ResponseParts {
  return success(204, undefined, options);
}

/**
 * A redirect (300, 301, 302, 303, 307 or 308; default 302) with a `Location` free of CR/LF.
 *
 * @example
 * redirect('/notes/1', 303)
 */
export function redirect(location: string, status = 302, options?: SuccessOptions): ResponseParts {
  if (getStatus(status)?.redirect !== true) {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_INVALID_STATUS',
      `redirect() takes 300, 301, 302, 303, 307 or 308; got ${String(status)}.`,
      'use 303 after a POST, 307/308 to keep the method.',
    );
  }
  if (typeof location !== 'string' || location === '') {
    throw new StatuskitConfigError(
      'ERR_STATUSKIT_MISSING_LOCATION',
      'A redirect needs a Location.',
      'pass the target URL.',
    );
  }
  return success(status, undefined, {
    ...options,
    headers: { ...options?.headers, location: locationValue(location) },
  });
}
