/**
 * Checks every response must pass whatever the request (docs/design/wire-format.md), shared by the scenario
 * tables and the fuzz test. Each returns a list of problems; empty means the response is fine.
 */
import { getStatus } from '../../src/index.js';
import type { Observed } from './scenario.js';

/** Strings planted in thrown errors by the fixture apps and the examples: never in a response. */
export const SECRETS = ['secret-token-123', 'hunter2', '/srv/app'];

export const JSON_CONTENT_TYPE = /^application\/json; ?charset=utf-8$/i;
export const PROBLEM_CONTENT_TYPE = /^application\/problem\+json(?:; ?charset=utf-8)?$/i;

const STACK_FRAME = /\bat [^\s]+ \(|\(\/[^)]*:\d+:\d+\)|node_modules|file:\/\//;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function detailProblems(details: unknown, where: string): string[] {
  if (!Array.isArray(details) || details.length === 0) return [`${where} must be a non-empty array`];
  const out: string[] = [];
  for (const d of details) {
    if (!isObject(d) || typeof d.path !== 'string' || typeof d.message !== 'string') {
      out.push(`${where} item ${JSON.stringify(d)} is not {path, message}`);
    } else if (Object.keys(d).some((k) => k !== 'path' && k !== 'message')) {
      out.push(`${where} item has members beyond path and message: ${JSON.stringify(d)}`);
    }
  }
  return out;
}

/** `{"error": string, "code"?: UPPER_SNAKE, "details"?: [{path, message}]}`, `error` first. */
export function errorEnvelopeProblems(json: unknown): string[] {
  if (!isObject(json)) return [`error body is not an object: ${JSON.stringify(json)}`];
  const keys = Object.keys(json);
  const out: string[] = [];
  if (keys[0] !== 'error') out.push(`first member is ${JSON.stringify(keys[0])}, not "error"`);
  if (typeof json.error !== 'string' || json.error === '') out.push('"error" is not a non-empty string');
  for (const k of keys) {
    if (k !== 'error' && k !== 'code' && k !== 'details') out.push(`unexpected member ${JSON.stringify(k)}`);
  }
  if ('code' in json && (typeof json.code !== 'string' || !UPPER_SNAKE.test(json.code))) {
    out.push(`"code" ${JSON.stringify(json.code)} is not UPPER_SNAKE`);
  }
  if ('details' in json) out.push(...detailProblems(json.details, '"details"'));
  return out;
}

/** `{"success": string, "data"?: any}`, `success` first. */
export function successEnvelopeProblems(json: unknown): string[] {
  if (!isObject(json)) return [`success body is not an object: ${JSON.stringify(json)}`];
  const keys = Object.keys(json);
  const out: string[] = [];
  if (keys[0] !== 'success') out.push(`first member is ${JSON.stringify(keys[0])}, not "success"`);
  if (typeof json.success !== 'string' || json.success === '')
    out.push('"success" is not a non-empty string');
  for (const k of keys) {
    if (k !== 'success' && k !== 'data') out.push(`unexpected member ${JSON.stringify(k)}`);
  }
  return out;
}

/** RFC 9457 with statuskit's members: type, title (the IANA phrase), status (= HTTP status), detail. */
export function problemProblems(json: unknown, status: number): string[] {
  if (!isObject(json)) return [`problem body is not an object: ${JSON.stringify(json)}`];
  const out: string[] = [];
  if (json.type !== 'about:blank') out.push(`"type" is ${JSON.stringify(json.type)}, not "about:blank"`);
  const phrase = getStatus(status)?.phrase;
  if (json.title !== phrase)
    out.push(`"title" is ${JSON.stringify(json.title)}, not ${JSON.stringify(phrase)}`);
  if (json.status !== status)
    out.push(`"status" member ${JSON.stringify(json.status)} ≠ HTTP status ${status}`);
  if (typeof json.detail !== 'string' || json.detail === '') out.push('"detail" is not a non-empty string');
  for (const k of Object.keys(json)) {
    if (!['type', 'title', 'status', 'detail', 'code', 'errors', 'instance'].includes(k)) {
      out.push(`unexpected member ${JSON.stringify(k)}`);
    }
  }
  if ('code' in json && (typeof json.code !== 'string' || !UPPER_SNAKE.test(json.code))) {
    out.push(`"code" ${JSON.stringify(json.code)} is not UPPER_SNAKE`);
  }
  if ('errors' in json) out.push(...detailProblems(json.errors, '"errors"'));
  return out;
}

/** Parses a body as JSON, or returns undefined. */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** Which error shape the request asked for: the envelope, problem details, or either. */
export type ErrorShape = 'error' | 'problem' | 'either';

export interface InvariantContext {
  method: string;
  /** Which error shape is acceptable (default: the envelope). */
  errorShape?: ErrorShape;
  /** Responses cut short are allowed (a route that fails after sending headers). */
  allowIncomplete?: boolean;
}

/**
 * docs/design/wire-format.md on any response: status range; no body, Content-Type or Content-Length on 204/304;
 * no body bytes on HEAD; every body a JSON envelope whose kind matches the status class (or
 * problem details when asked for); no-store on errors; the headers RFC 9110 asks for on 201, 3xx,
 * 401 and 405; no secret, stack frame or file path anywhere.
 */
export function invariantProblems(res: Observed, ctx: InvariantContext): string[] {
  const out: string[] = [];
  const { status, headers } = res;
  const head = ctx.method.toUpperCase() === 'HEAD';
  if (status < 100 || status > 599) out.push(`status ${status} outside 100–599`);

  const wire = `${JSON.stringify(headers)}\n${res.body.toString('latin1')}\n${res.extra.toString('latin1')}`;
  for (const secret of SECRETS) {
    if (wire.includes(secret)) out.push(`the secret ${JSON.stringify(secret)} appears in the response`);
  }
  if (STACK_FRAME.test(wire)) out.push('a stack frame or file path appears in the response');

  if (!res.complete && !ctx.allowIncomplete)
    out.push('the response was cut short (connection ended mid-body)');
  if (res.extra.length > 0) {
    out.push(
      `${res.extra.length} bytes after the end of the response: ${JSON.stringify(res.extra.toString('latin1').slice(0, 80))}`,
    );
  }

  if (status === 204 || status === 304) {
    for (const h of ['content-type', 'content-length', 'transfer-encoding']) {
      if (headers[h] !== undefined) out.push(`${status} carries ${h}: ${headers[h]}`);
    }
    if (res.body.length > 0) out.push(`${status} has ${res.body.length} body bytes`);
  } else if (head) {
    if (res.body.length > 0) out.push(`HEAD response has ${res.body.length} body bytes`);
  } else if (res.complete) {
    out.push(...bodyProblems(res, ctx.errorShape ?? 'error'));
  }

  if (status >= 400) {
    if (!/\bno-store\b/.test(headers['cache-control'] ?? '')) {
      out.push(`error without Cache-Control: no-store (got ${JSON.stringify(headers['cache-control'])})`);
    }
  }
  if (status === 201 && !headers.location) out.push('201 without Location');
  if (status >= 300 && status < 400 && status !== 304 && !headers.location)
    out.push(`${status} without Location`);
  if (status === 401 && !headers['www-authenticate']) out.push('401 without WWW-Authenticate');
  if (status === 405) {
    const allow = headers.allow;
    if (allow === undefined) out.push('405 without Allow');
    else if (
      allow
        .split(',')
        .map((m) => m.trim())
        .includes(ctx.method)
    ) {
      out.push(`405 Allow (${allow}) lists the request method ${ctx.method}`);
    }
  }
  return out;
}

function bodyProblems(res: Observed, shape: ErrorShape): string[] {
  const { status, headers, body } = res;
  const type = headers['content-type'];
  if (body.length === 0) {
    if (status >= 400) return [`${status} without a body`];
    if (status === 205) return [];
    if (status >= 200) return [`${status} without a body (only 204 and 304 have none)`];
    return [];
  }
  const parsed = parseJson(body);
  if (!parsed.ok) return [`body is not JSON: ${JSON.stringify(body.toString('utf8').slice(0, 120))}`];
  if (status < 400) {
    const out = successEnvelopeProblems(parsed.value);
    if (!JSON_CONTENT_TYPE.test(type ?? '')) out.push(`success Content-Type is ${JSON.stringify(type)}`);
    return out;
  }
  const isProblem = PROBLEM_CONTENT_TYPE.test(type ?? '');
  if (isProblem) {
    if (shape === 'error') return [`problem+json sent though the request did not ask for it`];
    return problemProblems(parsed.value, status);
  }
  if (!JSON_CONTENT_TYPE.test(type ?? '')) return [`error Content-Type is ${JSON.stringify(type)}`];
  if (shape === 'problem') return ['the envelope sent though the request prefers application/problem+json'];
  return errorEnvelopeProblems(parsed.value);
}
