/**
 * The fuzz property, shared by the test (`npm test`, a few thousand requests per adapter) and the
 * long run (`npm run fuzz`, 100,000): every random or malformed request gets a complete answer
 * over a real socket; no 5xx except on the fixture routes built to fail (and 501 for unknown
 * methods); every error body a valid envelope, or problem details when the request asked for
 * them; the planted secret nowhere; and the server still answering at the end.
 */
import fc from 'fast-check';
import { invariantProblems } from '../scenarios/checks.js';
import { KeepAliveConnection, parseResponse, type WireResponse } from '../scenarios/raw-http.js';
import type { Observed } from '../scenarios/scenario.js';
import {
  BODY_LEVEL_DEFECTS,
  encodeRequest,
  type FuzzRequest,
  fuzzRequestArb,
  KNOWN_METHODS,
  showRequest,
} from './requests.js';

export interface FuzzOptions {
  /** Total requests to send (rounded up to whole batches). */
  requests: number;
  /** Requests sent at once, each on its own keep-alive connection. */
  concurrency?: number;
  seed?: number;
  /** Called every `progressEvery` requests with the count so far. */
  onProgress?: (sent: number) => void;
  progressEvery?: number;
}

export interface FuzzStats {
  requests: number;
  /** Responses per status code (`cut` for a connection ended mid-response). */
  statuses: Record<string, number>;
  malformed: number;
  connections: number;
  ms: number;
}

/** Paths (after decoding and dot-segment removal, any case) whose handlers fail on purpose. */
const FAILING_ROUTES: Record<string, number[]> = {
  '/crash': [500],
  '/async-crash': [500],
  '/http-errors-500': [500],
  '/exposed': [503],
};

/** The route a lenient router could resolve a request-target to: decoded, dot segments removed, lower case. */
export function looseRoute(target: string): string {
  const path = target.split(/[?#]/)[0] ?? '';
  const out: string[] = [];
  for (const raw of path.split('/')) {
    let seg = raw;
    try {
      seg = decodeURIComponent(raw);
    } catch {}
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg.toLowerCase());
  }
  return `/${out.join('/')}`;
}

function observed(res: WireResponse): Observed {
  return { ...res, raw: true };
}

/**
 * How the response to a request is read: HEAD without a body, unless the request head was
 * malformed (then the parser answers before it knows the method).
 */
export function readAsHead(req: FuzzRequest): boolean {
  return req.method === 'HEAD' && (req.malformed === undefined || BODY_LEVEL_DEFECTS.has(req.malformed));
}

/**
 * After a defect in the body's framing, the parser's answer may follow the app's: a 4xx error in
 * the envelope (Accept is unknown to it), after which the connection closes.
 */
function trailingAnswerProblems(extra: Buffer): string[] {
  if (extra.length === 0) return [];
  const parsed = parseResponse(extra, false);
  if (parsed.kind !== 'done')
    return [
      `unparseable bytes after the response: ${JSON.stringify(extra.toString('latin1').slice(0, 120))}`,
    ];
  const second = parsed.response;
  const out = invariantProblems(
    { ...second, extra: extra.subarray(parsed.end), raw: true },
    { method: 'GET', errorShape: 'either' },
  ).map((p) => `the parser's trailing answer: ${p}`);
  if (second.status < 400 || second.status >= 500)
    out.push(`the parser's trailing answer is ${second.status}`);
  return out;
}

/**
 * True for a request that may reach the route built to fail after sending its headers. With a
 * defect in the body, the route may run and send its headers before the parser reaches the defect:
 * then the connection is cut too (for a HEAD, after nothing but `100 Continue`).
 */
function failsAfterHeaders(req: FuzzRequest): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.malformed === undefined || BODY_LEVEL_DEFECTS.has(req.malformed)) &&
    looseRoute(req.target) === '/late-error'
  );
}

/** Every way a response breaks the property (empty when it holds). */
export function fuzzProblems(req: FuzzRequest, res: WireResponse): string[] {
  const route = looseRoute(req.target);
  const readsRoute = req.method === 'GET' || req.method === 'HEAD';
  const lateError = failsAfterHeaders(req);
  const bodyLevel = req.malformed !== undefined && BODY_LEVEL_DEFECTS.has(req.malformed);
  let method = req.method;
  if (method === 'HEAD' && !readAsHead(req)) method = 'GET';
  if (
    bodyLevel &&
    method === 'HEAD' &&
    res.extra.length > 0 &&
    !res.extra.toString('latin1').startsWith('HTTP/')
  ) {
    // The parser answered first, with a body, though the request line said HEAD.
    res = { ...res, body: res.extra, extra: Buffer.alloc(0) };
    method = 'GET';
  }
  const problems = invariantProblems(observed(bodyLevel ? { ...res, extra: Buffer.alloc(0) } : res), {
    // A HEAD whose head is malformed is not known to be a HEAD: its error may carry a body.
    method,
    errorShape: req.errorShape,
    allowIncomplete: lateError,
  });
  if (bodyLevel) problems.push(...trailingAnswerProblems(res.extra));
  const { status } = res;
  if (req.malformed && !bodyLevel) {
    if (!((status >= 400 && status < 500) || status === 501)) {
      problems.push(`a malformed request (${req.malformed}) answered ${status}, expected 4xx`);
    }
  } else if (status >= 500) {
    const unknownMethod = !KNOWN_METHODS.has(req.method);
    const planted = readsRoute && (FAILING_ROUTES[route]?.includes(status) ?? false);
    if (!(status === 501 && unknownMethod) && !planted) problems.push(`unexpected ${status}`);
  }
  if (!res.complete && !lateError) problems.push('the response was cut short');
  return [...new Set(problems)];
}

function statusKey(res: WireResponse): string {
  return res.complete ? String(res.status) : `${res.status} cut`;
}

/**
 * Sends `options.requests` random requests to 127.0.0.1:`port` as a fast-check property and
 * throws (with the shrunk counterexample) when one breaks it. Returns counts per status.
 */
export async function fuzzApp(port: number, options: FuzzOptions): Promise<FuzzStats> {
  const concurrency = options.concurrency ?? 8;
  const runs = Math.ceil(options.requests / concurrency);
  const connections = Array.from({ length: concurrency }, () => new KeepAliveConnection(port));
  const stats: FuzzStats = { requests: 0, statuses: {}, malformed: 0, connections: 0, ms: 0 };
  const started = Date.now();
  const every = options.progressEvery ?? 10_000;
  let nextProgress = every;

  const property = fc.asyncProperty(
    fc.array(fuzzRequestArb, { minLength: concurrency, maxLength: concurrency }),
    async (batch) => {
      const failures: string[] = [];
      await Promise.all(
        batch.map(async (req, i) => {
          let res: WireResponse;
          try {
            res = await connections[i]!.send(encodeRequest(req, port), readAsHead(req), {
              untilClose: req.malformed !== undefined && BODY_LEVEL_DEFECTS.has(req.malformed),
            });
          } catch (error) {
            const message = (error as Error).message;
            if (failsAfterHeaders(req) && message.startsWith('connection closed')) {
              // The route fails after its headers: a HEAD may see the connection end before them.
              stats.requests++;
              stats.statuses['cut before headers'] = (stats.statuses['cut before headers'] ?? 0) + 1;
              return;
            }
            failures.push(`${showRequest(req, port)}\n    → no answer: ${message}`);
            return;
          }
          stats.requests++;
          if (req.malformed) stats.malformed++;
          const key = statusKey(res);
          stats.statuses[key] = (stats.statuses[key] ?? 0) + 1;
          const problems = fuzzProblems(req, res);
          if (problems.length > 0) {
            const body = res.body.toString('utf8');
            failures.push(
              `${showRequest(req, port)}\n    → ${res.status} ${JSON.stringify(res.headers)} ${JSON.stringify(body.slice(0, 300))}\n    - ${problems.join('\n    - ')}`,
            );
          }
        }),
      );
      if (stats.requests >= nextProgress) {
        options.onProgress?.(stats.requests);
        nextProgress += every;
      }
      if (failures.length > 0) throw new Error(failures.join('\n'));
    },
  );

  try {
    const params: fc.Parameters<[FuzzRequest[]]> = { numRuns: runs, includeErrorInReport: true };
    if (options.seed !== undefined) params.seed = options.seed;
    await fc.assert(property, params);
    // The server is still up and routing after everything it was sent.
    const alive = await new KeepAliveConnection(port).send(
      Buffer.from(`GET /items HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
      false,
    );
    if (alive.status !== 200) throw new Error(`after the fuzz run GET /items answered ${alive.status}`);
  } finally {
    for (const c of connections) {
      stats.connections += c.opened;
      c.close();
    }
    stats.ms = Date.now() - started;
  }
  return stats;
}

/** One line of counts for a report. */
export function formatStats(label: string, stats: FuzzStats): string {
  const statuses = Object.entries(stats.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  const rate = Math.round((stats.requests / Math.max(1, stats.ms)) * 1000);
  return `${label}: ${stats.requests} requests (${stats.malformed} malformed) over ${stats.connections} connections in ${stats.ms} ms (${rate}/s); statuses ${statuses}`;
}
