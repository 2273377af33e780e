import { getStatus } from '../../index.js';
import {
  findLeak,
  frameworkDefault,
  isJsonType,
  isProblemType,
  leakedMessage,
  parseJson,
} from './body-inspect.js';
import type { Exchange, FindingSet } from './findings.js';

/** 300 names a preferred choice in Location only when it has one (RFC 9110 §15.4.1). */
const needsLocation = (status: number): boolean => status !== 300 && getStatus(status)?.redirect === true;
/** Content is allowed, but never expected: 204, 205 and 304 end at the header section. */
const bodiless = (status: number): boolean => status >= 200 && getStatus(status)?.bodyAllowed === false;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const TOKEN = /^[!#$%&'*+.^`|~\w-]+$/;
const IMF_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const where = (ex: Exchange): string => {
  const origin = ex.response ? frameworkDefault(ex.response) : undefined;
  return origin ? ` (looks like ${origin})` : '';
};

/**
 * The `Allow` methods of a header value, upper-cased.
 *
 * @example
 * allowList('GET, HEAD') // ['GET', 'HEAD']
 */
export function allowList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter(Boolean);
}

/** Syntax of `Retry-After`: delay-seconds or an HTTP-date (IMF-fixdate or a parseable obsolete form). */
const validRetryAfter = (value: string): boolean =>
  /^\d+$/.test(value) || IMF_DATE.test(value) || !Number.isNaN(Date.parse(value));

function statusChecks(ex: Exchange, findings: FindingSet): void {
  const res = ex.response!;
  const { status } = res;
  const label = `${ex.label} → ${status}`;
  if (status < 100 || status > 599) findings.add('status-invalid', ex, `${label}: not a status code.`);
  else if (getStatus(status)?.restricted) findings.add('status-restricted', ex, `${label}${where(ex)}.`);
  else if (!getStatus(status)) findings.add('status-unregistered', ex, `${label}: unregistered code.`);
  if (status === 407 || status === 511) findings.add('status-proxy-only', ex, `${label}.`);
  const h = res.headers;
  if (status === 405) {
    if (h.allow === undefined) findings.add('allow-missing', ex, `${label} without Allow${where(ex)}.`);
    else if (allowList(h.allow).includes(ex.request.method.toUpperCase()))
      findings.add('allow-has-method', ex, `${label} with Allow: ${h.allow}.`);
  }
  if (status === 401) {
    const challenge = h['www-authenticate'];
    if (challenge === undefined)
      findings.add('www-authenticate-missing', ex, `${label} without WWW-Authenticate.`);
    else if (!TOKEN.test(challenge.split(/[\s,]/)[0] ?? ''))
      findings.add('www-authenticate-syntax', ex, `${label} with WWW-Authenticate: ${challenge}.`);
  }
  if ((status === 101 || status === 426) && h.upgrade === undefined)
    findings.add('upgrade-missing', ex, `${label} without Upgrade.`);
  if (status === 451 && !/rel="?blocked-by/i.test(h.link ?? ''))
    findings.add('blocked-by-missing', ex, `${label} without Link rel="blocked-by".`);
  if (
    status === 206 &&
    h['content-range'] === undefined &&
    !/multipart\/byteranges/i.test(h['content-type'] ?? '')
  )
    findings.add('content-range-missing', ex, `${label} without Content-Range.`);
  if (status === 201) {
    if (h.location === undefined && ex.request.method === 'POST')
      findings.add('created-location', ex, `${label} without Location.`);
    if (SAFE.has(ex.request.method)) findings.add('created-safe-method', ex, `${label} for a safe method.`);
  }
  if (needsLocation(status) && h.location === undefined)
    findings.add('redirect-location', ex, `${label} without Location.`);
  if (status === 429 || status === 503) {
    const retry = h['retry-after'];
    const rateLimit = Object.keys(h).some((n) => /^(?:x-)?ratelimit/.test(n));
    if (retry === undefined && !rateLimit)
      findings.add('retry-after-missing', ex, `${label} without Retry-After.`);
    if (retry !== undefined && !validRetryAfter(retry))
      findings.add('retry-after-syntax', ex, `${label} with Retry-After: ${retry}.`);
    const cache = (h['cache-control'] ?? '').toLowerCase();
    if (status === 429 && !cache.includes('no-store') && /\bpublic\b|\b(?:s-)?max-age=[1-9]/.test(cache))
      findings.add('cache-429', ex, `${label} with Cache-Control: ${h['cache-control']}.`);
  }
}

function framingChecks(ex: Exchange, findings: FindingSet): void {
  const res = ex.response!;
  const label = `${ex.label} → ${res.status}`;
  if (ex.request.method === 'HEAD' && res.extra > 0)
    findings.add('head-body', ex, `${label}: ${res.extra} bytes of content after the head.`, 'head');
  else if (bodiless(res.status) && (res.extra > 0 || res.body.length > 0))
    findings.add('bodiless-content', ex, `${label}: ${res.extra + res.body.length} body bytes.`);
  if (
    res.status === 204 &&
    (res.headers['content-length'] !== undefined || res.headers['transfer-encoding'] !== undefined)
  )
    findings.add('bodiless-framing', ex, `${label} with Content-Length or Transfer-Encoding.`);
  if (ex.interim.length > 0 && res.status < 200)
    findings.add('final-informational', ex, `${label}: no final response.`);
}

function shape(json: unknown, first: string | undefined): string {
  if (Array.isArray(json)) return 'the body is a bare array';
  if (typeof json !== 'object' || json === null)
    return `the body is a bare ${json === null ? 'null' : typeof json}`;
  return first === undefined ? 'the body is an empty object' : `the body starts with "${first}"`;
}

function bodyChecks(ex: Exchange, findings: FindingSet): void {
  const res = ex.response!;
  const { status } = res;
  const label = `${ex.label} → ${status}`;
  const type = res.headers['content-type'];
  const hasContent = res.body.length > 0;
  const isError = status >= 400;
  if (isError && !hasContent && ex.request.method !== 'HEAD')
    findings.add('error-body-missing', ex, `${label} with an empty body${where(ex)}.`);
  if (!hasContent) return;
  if (type === undefined)
    findings.add('content-type-missing', ex, `${label}: ${res.body.length} bytes, no Content-Type.`);
  if (isError) {
    const leak = findLeak(res.body.toString('utf8'));
    if (leak) findings.add('error-leak', ex, `${label}: the body contains ${leak}${where(ex)}.`);
  }
  if (res.truncated) return;
  if (!isJsonType(type)) {
    if (isError) findings.add('error-not-json', ex, `${label} as ${type ?? 'untyped'}${where(ex)}.`);
    return;
  }
  const json = parseJson(res.body);
  if (json === undefined) {
    findings.add('json-invalid', ex, `${label}: the ${type} body does not parse.`);
    return;
  }
  const object =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  const empty =
    json === null ||
    (Array.isArray(json) && json.length === 0) ||
    (object && Object.keys(object).length === 0);
  if (isError && empty)
    findings.add(
      'error-body-missing',
      ex,
      `${label} with the JSON body ${JSON.stringify(json)}, which explains nothing.`,
    );
  const first = object ? Object.keys(object)[0] : undefined;
  if (isProblemType(type)) {
    if (object && 'status' in object && object.status !== status)
      findings.add(
        'problem-status-mismatch',
        ex,
        `${label} with "status": ${JSON.stringify(object.status)}.`,
      );
    return;
  }
  if (status === 500) {
    const leaked = leakedMessage(json);
    if (leaked)
      findings.add(
        'server-message-leak',
        ex,
        `${label} says ${JSON.stringify(leaked.slice(0, 80))}${where(ex)}.`,
      );
  }
  if (!isError && object && first === 'error' && object.error !== null && object.error !== false)
    findings.add(
      'error-on-success',
      ex,
      `${label} with {"error": ${JSON.stringify(object.error).slice(0, 60)}}.`,
    );
  const claimsSuccess = typeof object?.success === 'string' || object?.success === true;
  if (isError && first === 'success' && claimsSuccess)
    findings.add('envelope-class-mismatch', ex, `${label} with {"success": …}.`);
  else if (isError && (first !== 'error' || typeof object?.error !== 'string'))
    findings.add('error-envelope', ex, `${label}: ${shape(json, first)}${where(ex)}.`);
  else if (!isError && (first !== 'success' || typeof object?.success !== 'string'))
    findings.add('success-envelope', ex, `${label}: ${shape(json, first)}.`);
}

/**
 * Checks one response against the rules that hold for every response (probes 15–22, 30, 32–34):
 * status range and registration, required headers, framing of bodiless answers, Content-Type,
 * JSON validity, problem+json status, leaks, an error sent as a success, and (only with
 * `--envelope statuskit`, which the FindingSet knows) the statuskit envelope.
 *
 * @example
 * passiveChecks(exchange, findings);
 */
export function passiveChecks(ex: Exchange, findings: FindingSet): void {
  if (!ex.response) {
    if (ex.interim.length > 0 && !ex.uploadCut)
      findings.add('final-informational', ex, `${ex.label}: ${ex.interim.join(', ')} and then nothing.`);
    return;
  }
  statusChecks(ex, findings);
  framingChecks(ex, findings);
  bodyChecks(ex, findings);
}
