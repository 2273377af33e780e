import { CHECKS, type CheckId } from './catalogue.js';
import type { RawRequest, RawResponse } from './raw-client.js';
import type { Finding, Severity } from './types.js';

/** One request the checker sent and what came back. */
export interface Exchange {
  probe: number;
  request: RawRequest;
  /** `METHOD target` shortened for display. */
  label: string;
  response?: RawResponse | undefined;
  error?: string | undefined;
  interim: number[];
  /** The server closed the connection while the body was being sent. */
  uploadCut?: boolean | undefined;
}

const SHOWN_HEADERS = 8;
/** Headers that say nothing about status-code use; left out of excerpts. */
const NOISE = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-security-policy',
  'x-content-type-options',
  'strict-transport-security',
  'x-frame-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'referrer-policy',
  'origin-agent-cluster',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'access-control-expose-headers',
]);
const BODY_PREVIEW = 240;

/**
 * What came back, shortened: status line, headers (no `Date`), the start of the body.
 *
 * @example
 * excerpt(exchange) // 'HTTP/1.1 405 Method Not Allowed\ncontent-type: text/html\n\n<!DOCTYPE html>…'
 */
export function excerpt(ex: Exchange): string {
  const res = ex.response;
  if (!res) return `(no response: ${ex.error ?? 'unknown'})`;
  const lines = [`HTTP/${res.version} ${res.status} ${res.reason}`.trim()];
  const headers = Object.entries(res.headers).filter(([name]) => !NOISE.has(name));
  for (const [name, value] of headers.slice(0, SHOWN_HEADERS))
    lines.push(`${name}: ${value.length > 120 ? `${value.slice(0, 120)}…` : value}`);
  if (headers.length > SHOWN_HEADERS) lines.push(`(${headers.length - SHOWN_HEADERS} more headers)`);
  const text = res.body
    .subarray(0, BODY_PREVIEW * 4)
    .toString('utf8')
    .replace(/[\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text) lines.push('', text.length > BODY_PREVIEW ? `${text.slice(0, BODY_PREVIEW)}…` : text);
  if (res.extra > 0) lines.push(`(+${res.extra} bytes after the end of the response)`);
  return lines.join('\n');
}

const ORDER: Record<Severity, number> = { E: 0, W: 1, I: 2 };

/** Collects findings, merging repeats of the same check on the same status (or request). */
export class FindingSet {
  readonly #byKey = new Map<string, Finding>();

  /**
   * Records a finding; a repeat (same check and `key`, by default the status) only counts up.
   *
   * @example
   * findings.add('allow-missing', exchange, 'TRACE /notes answered 405 without Allow.');
   */
  add(id: CheckId, ex: Exchange, detail: string, key = String(ex.response?.status ?? 'none')): void {
    const full = `${id}|${key}`;
    const seen = this.#byKey.get(full);
    if (seen) {
      seen.occurrences += 1;
      return;
    }
    const spec = CHECKS[id];
    this.#byKey.set(full, {
      check: id,
      probe: spec.probe,
      severity: spec.severity,
      rule: spec.rule,
      title: spec.title,
      detail,
      request: ex.label,
      response: excerpt(ex),
      fix: spec.fix,
      occurrences: 1,
    });
  }

  /** True when a check has been reported. */
  has(id: CheckId): boolean {
    for (const f of this.#byKey.values()) if (f.check === id) return true;
    return false;
  }

  /** Findings by severity (E, W, I), then probe number. */
  list(): Finding[] {
    return [...this.#byKey.values()].sort(
      (a, b) => ORDER[a.severity] - ORDER[b.severity] || a.probe - b.probe || a.check.localeCompare(b.check),
    );
  }
}
