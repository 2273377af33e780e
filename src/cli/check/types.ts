/** E breaks a MUST, W a SHOULD; I is a MAY or a convention no RFC asks (JSON errors, the envelope). */
export type Severity = 'E' | 'W' | 'I';

/** One status-code misuse the checker found. */
export interface Finding {
  /** Stable check id, e.g. `allow-missing`. */
  check: string;
  /** The probe of the rule catalogue (docs/checks.md) it comes from. */
  probe: number;
  severity: Severity;
  /** The rule broken as its source states it, e.g. `RFC 9110 §15.5.6 MUST` or `RFC 9110 §15.5.16 convention`. */
  rule: string;
  /** Where the check is described, e.g. `docs/checks.md#allow-missing`. */
  docs: string;
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
  /** True when Node's own HTTP parser answered (no app code ran): reported once per run. */
  platform?: boolean;
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
  /** The path parameters left to fill from what the API returns (names). */
  params?: readonly string[];
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
  /**
   * Allow probes that send bodies: POST to collections (which may create records) and
   * PUT/PATCH only to ids shown not to exist. Nothing is sent that changes an existing record.
   */
  unsafe?: boolean;
  /** Also check statuskit's own envelope (`{"error"}` / `{"success","data"}`); off by default. */
  envelope?: 'statuskit' | undefined;
  /** The OpenAPI document the routes came from: its declared statuses and examples are used. */
  openapi?: unknown;
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
  /** What the reader should know about the run (an app-wide gate, ids found or invented). */
  notes: string[];
  /** Checks that could not run, and why (e.g. body probes without `unsafe`). */
  skipped: { check: string; reason: string }[];
  durationMs: number;
  counts: Record<Severity, number>;
}
