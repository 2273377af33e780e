/**
 * Runs scenarios over real sockets on 127.0.0.1: fetch for ordinary requests, a raw node:net
 * exchange where fetch would hide bytes (HEAD, 204/304, 1xx) or refuses to send the request.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  errorEnvelopeProblems,
  invariantProblems,
  JSON_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  parseJson,
  problemProblems,
  successEnvelopeProblems,
} from './checks.js';
import { exchange, type RawExchange, type WireResponse } from './raw-http.js';
import type {
  HeaderExpectation,
  Observed,
  Scenario,
  ScenarioExpectation,
  ScenarioRequest,
} from './scenario.js';

/** Where an app listens. */
export interface Target {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /**
   * For a server that keeps a connection open after answering a request that asked to close it:
   * how long a raw exchange waits for the close once a complete response is in (raw-http.ts).
   */
  settleMs?: number;
}

export function targetOf(url: string): Target {
  const u = new URL(url);
  return { origin: u.origin, port: Number(u.port) };
}

/** Values captured by earlier scenarios, for `{{name}}` in later requests. */
export type Vars = Map<string, string>;

const FETCH_FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);

function fill(text: string, vars: Vars): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = vars.get(name);
    if (value === undefined) throw new Error(`needs {{${name}}}, which no earlier scenario captured`);
    return value;
  });
}

function fillRequest(request: ScenarioRequest, vars: Vars): ScenarioRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) headers[k] = fill(v, vars);
  const filled: ScenarioRequest = { method: request.method, path: fill(request.path, vars), headers };
  if (request.body !== undefined) filled.body = fill(request.body, vars);
  if (request.raw !== undefined) filled.raw = request.raw;
  return filled;
}

/** True when the request must go over a raw socket. */
export function needsRaw(request: ScenarioRequest, expect?: ScenarioExpectation): boolean {
  return (
    request.raw !== undefined ||
    request.method === 'HEAD' ||
    FETCH_FORBIDDEN.has(request.method) ||
    expect?.body === 'none' ||
    expect?.interim !== undefined ||
    expect?.complete === false
  );
}

function headLines(request: ScenarioRequest, port: number, framing: Record<string, string>): string {
  let head = `${request.method} ${request.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`;
  const given = new Set<string>();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    head += `${name}: ${value}\r\n`;
    given.add(name.toLowerCase());
  }
  for (const [name, value] of Object.entries(framing)) {
    if (!given.has(name.toLowerCase())) head += `${name}: ${value}\r\n`;
  }
  return `${head}Connection: close\r\n\r\n`;
}

/** Builds the bytes of a raw request (always asking the server to close afterwards). */
export function rawExchangeFor(request: ScenarioRequest, port: number): RawExchange {
  const headRequest = request.method === 'HEAD';
  const raw = request.raw === undefined ? true : request.raw;
  const body = Buffer.from(request.body ?? '', 'utf8');
  if (raw === true) {
    const framing: Record<string, string> = body.length > 0 ? { 'Content-Length': String(body.length) } : {};
    return {
      initial: Buffer.concat([Buffer.from(headLines(request, port, framing), 'latin1'), body]),
      headRequest,
    };
  }
  if ('text' in raw) {
    return {
      initial: Buffer.from(raw.text.replaceAll('{host}', `127.0.0.1:${port}`), 'latin1'),
      headRequest,
    };
  }
  if ('chunks' in raw) {
    const head = headLines(request, port, { 'Transfer-Encoding': 'chunked' });
    const pieces = raw.chunks.map((c) => {
      const bytes = Buffer.from(c, 'utf8');
      return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
    });
    pieces.push(Buffer.from('0\r\n\r\n'));
    return { initial: Buffer.from(head, 'latin1'), headRequest, trickle: pieces };
  }
  if ('trickle' in raw) {
    const head = headLines(request, port, { 'Content-Length': String(body.length) });
    const pieces: Buffer[] = [];
    for (let i = 0; i < body.length; i += raw.trickle) pieces.push(body.subarray(i, i + raw.trickle));
    return { initial: Buffer.from(head, 'latin1'), headRequest, trickle: pieces };
  }
  const head = headLines(request, port, { 'Content-Length': String(body.length), Expect: '100-continue' });
  return { initial: Buffer.from(head, 'latin1'), headRequest, afterContinue: body };
}

function fromWire(res: WireResponse): Observed {
  return {
    status: res.status,
    headers: res.headers,
    body: res.body,
    interim: res.interim,
    complete: res.complete,
    extra: res.extra,
    raw: true,
  };
}

/** Sends a request and returns what came back. */
export async function perform(target: Target, request: ScenarioRequest, raw: boolean): Promise<Observed> {
  if (raw) {
    const ex = rawExchangeFor(request, target.port);
    if (target.settleMs !== undefined) ex.settleMs = target.settleMs;
    return fromWire(await exchange(target.port, ex));
  }
  const init: RequestInit = { method: request.method, redirect: 'manual', headers: request.headers ?? {} };
  if (request.body !== undefined) init.body = request.body;
  const res = await fetch(`${target.origin}${request.path}`, { ...init, signal: AbortSignal.timeout(5000) });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    status: res.status,
    headers,
    body: Buffer.from(await res.arrayBuffer()),
    interim: [],
    complete: true,
    extra: Buffer.alloc(0),
    raw: false,
  };
}

/** A short description of a response for failure messages. */
export function describe(res: Observed): string {
  const body = res.body.toString('utf8');
  return `${res.status} ${JSON.stringify(res.headers)} ${body.length > 400 ? `${body.slice(0, 400)}…` : body}${
    res.interim.length ? ` (after interim ${res.interim.join(', ')})` : ''
  }${res.complete ? '' : ' (cut short)'}`;
}

const IGNORED_IN_COMPARISON = new Set(['date', 'connection', 'keep-alive']);

/** Every way the response differs from the scenario's expectation (empty when it passes). */
export function scenarioProblems(scenario: Scenario, res: Observed, get?: Observed): string[] {
  const { expect } = scenario;
  const out: string[] = [];
  const invariants = invariantProblems(res, {
    method: scenario.request.method,
    errorShape: expect.envelope === 'problem' ? 'problem' : 'error',
    allowIncomplete: expect.complete === false,
  });
  // A wrong status makes every expectation about the body moot: report it and the invariants.
  if (res.status !== expect.status) {
    return [...new Set([`status ${res.status}, expected ${expect.status}`, ...invariants])];
  }

  for (const [rawName, want] of Object.entries(expect.headers ?? {})) {
    const name = rawName.toLowerCase();
    const got = res.headers[name];
    if (want === null) {
      if (got !== undefined) out.push(`header ${name} should be absent, got ${JSON.stringify(got)}`);
    } else if (got === undefined) {
      out.push(`header ${name} missing (expected ${String(want)})`);
    } else if (typeof want === 'string' ? got !== want : !want.test(got)) {
      out.push(`header ${name} is ${JSON.stringify(got)}, expected ${String(want)}`);
    }
  }

  const parsed = parseJson(res.body);
  const json = parsed.ok ? parsed.value : undefined;
  if (expect.body === 'none') {
    if (res.body.length > 0 || res.extra.length > 0) {
      out.push(`expected no body bytes, got ${res.body.length + res.extra.length}`);
    }
  } else if (typeof expect.body === 'function') {
    const verdict = expect.body(json, res);
    if (verdict !== true) out.push(`body: ${verdict}`);
  } else if (expect.body !== undefined) {
    if (!parsed.ok) out.push(`body is not JSON: ${JSON.stringify(res.body.toString('utf8').slice(0, 200))}`);
    else if (!isDeepStrictEqual(json, expect.body)) {
      out.push(`body ${JSON.stringify(json)}, expected ${JSON.stringify(expect.body)}`);
    }
  }

  if (expect.envelope) {
    const type = res.headers['content-type'] ?? '';
    if (!parsed.ok) out.push(`${expect.envelope} body is not JSON`);
    else if (expect.envelope === 'error') {
      if (!JSON_CONTENT_TYPE.test(type)) out.push(`Content-Type ${JSON.stringify(type)}, expected JSON`);
      out.push(...errorEnvelopeProblems(json));
    } else if (expect.envelope === 'success') {
      if (!JSON_CONTENT_TYPE.test(type)) out.push(`Content-Type ${JSON.stringify(type)}, expected JSON`);
      out.push(...successEnvelopeProblems(json));
    } else {
      if (!PROBLEM_CONTENT_TYPE.test(type))
        out.push(`Content-Type ${JSON.stringify(type)}, expected problem+json`);
      out.push(...problemProblems(json, res.status));
    }
  }

  if (expect.interim !== undefined && !isDeepStrictEqual(res.interim, expect.interim)) {
    out.push(`interim responses [${res.interim.join(', ')}], expected [${expect.interim.join(', ')}]`);
  }
  if (expect.complete !== undefined && res.complete !== expect.complete) {
    out.push(
      expect.complete ? 'response cut short' : 'response completed, expected the connection to be cut',
    );
  }

  if (get) {
    if (get.status !== res.status) out.push(`status ${res.status} differs from GET's ${get.status}`);
    const names = new Set([...Object.keys(get.headers), ...Object.keys(res.headers)]);
    for (const name of names) {
      if (IGNORED_IN_COMPARISON.has(name)) continue;
      if (get.headers[name] !== res.headers[name]) {
        out.push(
          `header ${name} is ${JSON.stringify(res.headers[name])}, GET has ${JSON.stringify(get.headers[name])}`,
        );
      }
    }
  }

  out.push(...invariants);
  return [...new Set(out)];
}

/** Fills `{{name}}` in string header expectations (e.g. the ETag a 304 must repeat). */
function withFilledHeaders(scenario: Scenario, vars: Vars): Scenario {
  const headers = scenario.expect.headers;
  if (!headers) return scenario;
  const filled: Record<string, HeaderExpectation> = {};
  for (const [name, want] of Object.entries(headers)) {
    filled[name] = typeof want === 'string' && want.includes('{{') ? fill(want, vars) : want;
  }
  return { ...scenario, expect: { ...scenario.expect, headers: filled } };
}

/**
 * Runs one scenario and returns its problems (empty when it passes) with the response.
 * Captured values are stored in `vars` for later scenarios.
 */
export async function runScenario(
  target: Target,
  scenario: Scenario,
  vars: Vars = new Map(),
): Promise<{ problems: string[]; response?: Observed }> {
  let request: ScenarioRequest;
  let effective: Scenario;
  try {
    request = fillRequest(scenario.request, vars);
    effective = withFilledHeaders(scenario, vars);
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  let res: Observed;
  let get: Observed | undefined;
  try {
    res = await perform(target, request, needsRaw(request, scenario.expect));
    if (scenario.expect.sameHeadersAsGet) {
      get = await perform(target, { ...request, method: 'GET' }, true);
    }
  } catch (error) {
    return { problems: [`request failed: ${(error as Error).message}`] };
  }
  const problems = scenarioProblems(effective, res, get);
  if (problems.length === 0 && scenario.capture) {
    const parsed = parseJson(res.body);
    for (const [name, pick] of Object.entries(scenario.capture)) {
      const value = pick(res, parsed.ok ? parsed.value : undefined);
      if (value === undefined) problems.push(`could not capture ${name} from the response`);
      else vars.set(name, value);
    }
  }
  return { problems, response: res };
}

/** Runs a scenario and throws an AssertionError-style message when it fails (for node:test). */
export async function assertScenario(target: Target, scenario: Scenario, vars?: Vars): Promise<void> {
  const { problems, response } = await runScenario(target, scenario, vars);
  if (problems.length > 0) {
    const request = `${scenario.request.method} ${scenario.request.path}`;
    throw new Error(
      `${scenario.name} (${request}):\n  - ${problems.join('\n  - ')}${
        response ? `\n  got: ${describe(response)}` : ''
      }`,
    );
  }
}
