/** The class of a status code, from its first digit. */
export type StatusClass = 'informational' | 'success' | 'redirection' | 'client-error' | 'server-error';

/** How a code stands in the IANA registry. */
export type Registration = 'permanent' | 'temporary' | 'deprecated' | 'reserved' | 'obsolete';

/** One registered status code and the rules that go with it. */
export interface StatusEntry {
  /** The numeric code, e.g. `404`. */
  readonly code: number;
  /** The IANA reason phrase, e.g. `Not Found`. */
  readonly phrase: string;
  /** The sentence-case message statuskit sends by default, e.g. `Not found`. */
  readonly message: string;
  readonly class: StatusClass;
  readonly registration: Registration;
  /** Where the code is defined, e.g. `RFC 9110 §15.5.5`. */
  readonly ref: string;
  /** Phrases older specifications or other libraries use for the same code. */
  readonly legacyPhrases: readonly string[];
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
  /** Header fields a response with this code must carry. */
  readonly requiredHeaders: readonly string[];
  /** Header fields a response with this code should carry. */
  readonly recommendedHeaders: readonly string[];
}
