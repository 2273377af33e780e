import { CHECKS, type CheckId, type CheckSpec, docsLink, ruleOf } from './catalogue.js';
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
function excerpt(ex: Exchange): string {
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
const lower = (title: string): string =>
  /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;

/**
 * True when the answer came from Node's own HTTP parser (no application code ran): an empty
 * 400/431/505 with no Content-Type on a closing connection. The whole server answers so.
 *
 * @example
 * isNodeParser(exchange.response) // true for "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
 */
function isNodeParser(res: RawResponse | undefined): boolean {
  return (
    res !== undefined &&
    (res.status === 400 || res.status === 431 || res.status === 505 || res.status === 414) &&
    res.body.length === 0 &&
    res.headers['content-type'] === undefined &&
    res.headers.connection === 'close' &&
    res.headers['x-powered-by'] === undefined
  );
}

/**
 * Collects findings: one finding per exchange (the most severe, or the one the probe was sent
 * for), repeats of the same check on the same status merged, and answers of Node's own parser
 * merged into one finding per check for the whole run.
 */
export class FindingSet {
  readonly #byKey = new Map<string, Finding>();
  readonly #byExchange = new WeakMap<Exchange, string>();
  /** Checks reported only with `--envelope statuskit`. */
  readonly #envelope: boolean;

  constructor({ envelope = false }: { envelope?: boolean } = {}) {
    this.#envelope = envelope;
  }

  /**
   * Records a finding; a repeat (same check and `key`, by default the status) only counts up.
   *
   * @example
   * findings.add('allow-missing', exchange, 'TRACE /notes answered 405 without Allow.');
   */
  add(id: CheckId, ex: Exchange, detail: string, key = String(ex.response?.status ?? 'none')): void {
    const spec: CheckSpec = CHECKS[id];
    if (spec.envelope && !this.#envelope) return;
    const platform = isNodeParser(ex.response);
    const full = `${id}|${platform ? 'node-parser' : key}`;
    const prior = this.#byExchange.get(ex);
    if (prior !== undefined && prior !== full) {
      const old = this.#byKey.get(prior);
      if (old) {
        const wins =
          ORDER[spec.severity] < ORDER[old.severity] ||
          (ORDER[spec.severity] === ORDER[old.severity] && spec.probe === ex.probe && old.probe !== ex.probe);
        if (!wins) {
          if (old.request === ex.label) old.detail += ` Also: ${lower(spec.title)} (${id}).`;
          return;
        }
        if (old.occurrences > 1) old.occurrences -= 1;
        else this.#byKey.delete(prior);
        const carried = old.request === ex.label ? (old.detail.match(/ Also: .*$/)?.[0] ?? '') : '';
        detail += ` Also: ${lower(old.title)} (${old.check}).${carried}`;
      }
    }
    this.#byExchange.set(ex, full);
    const seen = this.#byKey.get(full);
    if (seen) {
      seen.occurrences += 1;
      return;
    }
    this.#byKey.set(full, {
      check: id,
      probe: spec.probe,
      severity: spec.severity,
      rule: ruleOf(spec),
      docs: docsLink(id),
      title: spec.title,
      detail: platform
        ? `${detail} Node's HTTP parser answered before any application code ran: this holds for the whole server.`
        : detail,
      request: ex.label,
      response: excerpt(ex),
      fix: spec.fix,
      occurrences: 1,
      ...(platform ? { platform } : {}),
    });
  }

  /** Findings by severity (E, W, I), then probe number. */
  list(): Finding[] {
    return [...this.#byKey.values()].sort(
      (a, b) => ORDER[a.severity] - ORDER[b.severity] || a.probe - b.probe || a.check.localeCompare(b.check),
    );
  }
}
