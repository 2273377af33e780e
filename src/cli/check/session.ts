import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from './findings.js';
import { FindingSet } from './findings.js';
import { passiveChecks } from './passive.js';
import { rawRequest } from './raw-client.js';
import type { CheckOptions, NotEvaluated } from './types.js';

/** What a probe may set on one request. */
export interface SendOptions {
  headers?: readonly (readonly [string, string])[];
  body?: Buffer | string;
  /** Send the `--auth` headers (default true). */
  auth?: boolean;
  /** Default `application/json`. */
  accept?: string;
  expectContinue?: boolean;
  /** The query appended instead of the URL's own (e.g. a key with a wrong value). */
  query?: string;
}

const USER_AGENT = 'statuskit-check';

/** Where a probe stands in the order an API decides things (the precedence model). */
export type Stage = 'routing' | 'method' | 'media' | 'body';

/**
 * Why an answer does not let a probe judge its rule, because something decided earlier:
 * authentication before routing before method before media type before body.
 *
 * @example
 * precedence(401, 'method', false) // 'authentication answered first'
 */
export function precedence(status: number, stage: Stage, synthetic: boolean): string | undefined {
  if (status === 401 || status === 403 || status === 407) return 'authentication answered first';
  if (status === 429 || status === 503) return 'rate limiting or overload answered first';
  if (stage === 'routing') return undefined;
  if (status === 404 || status === 410) {
    if (synthetic) return 'the invented path parameter matched no resource';
    if (stage !== 'method') return 'routing answered first (is the route right?)';
  }
  if (stage === 'method') return undefined;
  if (status === 405 || status === 501) return 'the method is not routed here';
  return undefined;
}

/**
 * One checker run: sends requests within the budget with a pause between them, runs the passive
 * checks on every response and collects findings and probes that could not be judged.
 */
export class ProbeSession {
  readonly url: URL;
  readonly findings: FindingSet;
  readonly notEvaluated: NotEvaluated[] = [];
  readonly notes: string[] = [];
  /** A status every declared route answered GET with (an app-wide gate): it judges nothing. */
  gate: number | undefined;
  /** True once any response carried an ETag. */
  etagSeen = false;
  /** Called on every exchange after the passive checks (the OpenAPI status check). */
  onExchange: ((ex: Exchange) => void) | undefined;
  requests = 0;
  truncated = false;
  /** True once any response carried `Access-Control-Allow-Origin`: the API means to serve browsers. */
  corsSeen = false;
  planned = 0;
  readonly #options: CheckOptions;
  readonly #max: number;

  constructor(options: CheckOptions) {
    this.url = new URL(options.url);
    this.findings = new FindingSet({ envelope: options.envelope === 'statuskit' });
    this.#options = options;
    this.#max = options.maxRequests ?? 200;
  }

  /** The request budget is used up. */
  get exhausted(): boolean {
    return this.requests >= this.#max;
  }

  /**
   * Sends one request; `undefined` when the budget is used up.
   *
   * @example
   * const ex = await session.send(2, 'TRACE', '/notes');
   */
  async send(
    probe: number,
    method: string,
    target: string,
    options: SendOptions = {},
  ): Promise<Exchange | undefined> {
    if (this.exhausted) {
      this.truncated = true;
      return undefined;
    }
    if (this.requests > 0) await sleep(this.#options.delayMs ?? 20);
    const query = options.query ?? this.url.search.slice(1);
    if (query) target += `${target.includes('?') ? '&' : '?'}${query}`;
    const shown = target.length > 72 ? `${target.slice(0, 60)}…(${target.length} chars)` : target;
    const label = `${method} ${shown}`;
    this.#options.onProgress?.(this.requests, Math.max(this.planned, this.requests + 1), label);
    this.requests += 1;
    const headers: [string, string][] = [
      ['User-Agent', USER_AGENT],
      ['Accept', options.accept ?? 'application/json'],
    ];
    if (options.auth !== false) for (const [n, v] of this.#options.auth ?? []) headers.push([n, v]);
    for (const [n, v] of options.headers ?? []) headers.push([n, v]);
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    const request = { method, target, headers, body, expectContinue: options.expectContinue };
    const result = await rawRequest(this.url, request, this.#options.timeoutMs ?? 5000);
    const ex: Exchange = {
      probe,
      request,
      label,
      response: result.response,
      error: result.error,
      interim: result.interim,
      uploadCut: result.uploadCut,
    };
    if (result.response?.headers['access-control-allow-origin'] !== undefined) this.corsSeen = true;
    if (result.response?.headers.etag !== undefined) this.etagSeen = true;
    passiveChecks(ex, this.findings);
    this.onExchange?.(ex);
    return ex;
  }

  /**
   * Why this answer cannot judge a probe's rule ({@link precedence}), also when it is the status
   * an app-wide gate gives every request.
   *
   * @example
   * const reason = session.precedence(401, 'method', false);
   */
  precedence(status: number, stage: Stage, synthetic: boolean): string | undefined {
    if (status === this.gate)
      return `every declared route answers ${status} (an app-wide gate answered first)`;
    return precedence(status, stage, synthetic);
  }

  /** Records that a probe's rule could not be judged on this exchange. */
  skip(ex: Exchange, reason: string): void {
    this.notEvaluated.push({ probe: ex.probe, request: ex.label, reason });
  }
}
