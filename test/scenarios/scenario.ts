/**
 * The shape of one scenario: a request, and the status, headers and body that must come back.
 * The same scenario runs unchanged against every framework.
 */

/** A header expectation: an exact value, a pattern, or `null` for "absent". */
export type HeaderExpectation = string | RegExp | null;

/** A response as the checks see it. */
export interface Observed {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Raw body bytes (for fetch: what fetch returned). */
  body: Buffer;
  /** Interim 1xx statuses seen first (raw requests only). */
  interim: number[];
  /** False when the connection ended before the response's framing was satisfied. */
  complete: boolean;
  /** Bytes after the end of the response (raw requests only). */
  extra: Buffer;
  /** True when the request went over a raw socket. */
  raw: boolean;
}

/** A body check: returns `true`, or a sentence saying what is wrong. */
export type BodyPredicate = (body: any, response: Observed) => true | string;

/**
 * How a request is sent over a raw socket:
 * - `true`: built from method, path, headers and body, with `Connection: close`;
 * - `{ text }`: exactly these bytes (`{host}` becomes `127.0.0.1:<port>`);
 * - `{ chunks }`: the body as these chunks, `Transfer-Encoding: chunked`, written a few ms apart;
 * - `{ trickle }`: a `Content-Length` body written in slices of this many bytes, a few ms apart;
 * - `{ expectContinue }`: `Expect: 100-continue`, the body held back until `100 Continue` arrives.
 */
export type RawMode =
  | true
  | { text: string }
  | { chunks: string[] }
  | { trickle: number }
  | { expectContinue: true };

export interface ScenarioRequest {
  method: string;
  /** May contain `{{name}}` for a value captured by an earlier scenario. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  raw?: RawMode;
}

export interface ScenarioExpectation {
  status: number;
  headers?: Record<string, HeaderExpectation>;
  /** An exact JSON value, `'none'` for zero body bytes, or a predicate over the parsed JSON body. */
  body?: unknown;
  /** The body must be a valid statuskit envelope of this kind (problem: RFC 9457 problem details). */
  envelope?: 'error' | 'success' | 'problem';
  /** Interim statuses that must precede the response (raw only), e.g. `[]` for "no 100 Continue". */
  interim?: number[];
  /** `false`: the connection must be cut before the response is complete. */
  complete?: boolean;
  /** Status and headers must equal those of a GET of the same path (for HEAD), apart from Date. */
  sameHeadersAsGet?: boolean;
}

export interface Scenario {
  name: string;
  /** The design-note row or route it covers, for reports. */
  covers?: string;
  request: ScenarioRequest;
  expect: ScenarioExpectation;
  /** Values to remember for later scenarios: name → function of the response. */
  capture?: Record<string, (response: Observed, json: any) => string | undefined>;
}
