/**
 * The class of a status code, from its first digit (RFC 9110 §15).
 *
 * @example
 * getStatus(503)?.class // 'server-error'
 */
export type StatusClass = 'informational' | 'success' | 'redirection' | 'client-error' | 'server-error';

/**
 * How a code stands in the IANA registry. Deprecated, reserved and obsolete codes are refused by
 * default (`docs/design/status-rules.md` §3).
 *
 * @example
 * getStatus(306)?.registration // 'reserved'
 */
export type Registration = 'permanent' | 'temporary' | 'deprecated' | 'reserved' | 'obsolete';

/**
 * One registered status code and the rules that go with it (the lean core view; `statuskit/registry`
 * adds references, headers and descriptions).
 *
 * @example
 * const info: StatusInfo | undefined = getStatus(204);
 * info?.bodyAllowed // false
 */
export interface StatusInfo {
  /** The numeric code, e.g. `404`. */
  readonly code: number;
  /** The IANA reason phrase, e.g. `Not Found`. */
  readonly phrase: string;
  /** The sentence-case message statuskit sends by default, e.g. `Not found`. */
  readonly message: string;
  readonly class: StatusClass;
  readonly registration: Registration;
  /** The constant name under `Status`, e.g. `NOT_FOUND`. */
  readonly constant: string;
  /** The generated error class for 4xx and 5xx codes, e.g. `NotFoundError`. */
  readonly errorClass: string | undefined;
  /** False for 1xx, 204, 205 and 304: HTTP forbids content. */
  readonly bodyAllowed: boolean;
  /** Heuristically cacheable (RFC 9110 §15.1). */
  readonly cacheable: boolean;
  /** Caches must not store it (RFC 6585). */
  readonly noStore: boolean;
  /** A client may retry the request later. */
  readonly retryable: boolean;
  /** Deprecated, reserved or obsolete: statuskit refuses to emit it unless told to. */
  readonly restricted: boolean;
  /** A redirect the client follows to `Location` (300, 301, 302, 303, 307, 308; RFC 9110 §15.4). */
  readonly redirect: boolean;
}
