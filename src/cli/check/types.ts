/** E breaks a MUST, W a SHOULD or a de-facto interoperability rule, I is style or envelope consistency. */
export type Severity = 'E' | 'W' | 'I';

/** One status-code misuse the checker found. */
export interface Finding {
  /** Stable check id, e.g. `allow-missing`. */
  check: string;
  /** The probe of the catalogue (reference/http-rules.md) it comes from. */
  probe: number;
  severity: Severity;
  /** The rule broken, e.g. `RFC 9110 §15.5.6 MUST`. */
  rule: string;
  /** What is wrong, in one line. */
  title: string;
  /** What was seen on this request. */
  detail: string;
  /** The request, e.g. `TRACE /notes`. */
  request: string;
  /** The start of what came back: status line, headers, body. */
  response: string;
  /** How to fix it. */
  fix: string;
  /** How many requests showed the same problem (same check and status). */
  occurrences: number;
}

/** A route of the API under test. */
export interface Route {
  method: string;
  /** The path as given, e.g. `/notes/{id}`. */
  template: string;
  /** The path probed, parameters filled in, e.g. `/notes/1`. */
  path: string;
  /** True when a parameter was filled with an invented value (a 404 may then be right). */
  synthetic: boolean;
  /** From OpenAPI `security`: true, false, or unknown. */
  protected?: boolean | undefined;
}

/** Options of `checkApi`. */
export interface CheckOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Known routes. With none, the URL's own path is probed as a GET route. */
  routes?: readonly Route[];
  /** Headers sent with every request except the probes of missing credentials. */
  auth?: readonly (readonly [string, string])[];
  /** Allow probes that send bodies (POST/PUT/PATCH with malformed, mistyped or oversized bodies). */
  unsafe?: boolean;
  /** Most requests to send (default 200). */
  maxRequests?: number;
  /** Pause between requests in ms (default 20). */
  delayMs?: number;
  /** Time allowed per request in ms (default 5000). */
  timeoutMs?: number;
  /** Called before each request. */
  onProgress?: (done: number, planned: number, label: string) => void;
}

/** A probe that ran but whose rule could not be judged, and why. */
export interface NotEvaluated {
  probe: number;
  request: string;
  reason: string;
}

/** What `checkApi` returns. */
export interface CheckResult {
  url: string;
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  /** Requests sent. */
  requests: number;
  /** True when the request budget ran out before every probe ran. */
  truncated: boolean;
  durationMs: number;
  counts: Record<Severity, number>;
}
