import { CHECKS, type CheckId } from './catalogue.js';
import { fillFromApi } from './ids.js';
import { openApiStatusCheck } from './openapi-statuses.js';
import {
  judgeUnknownRoute,
  type PathGroup,
  probeGetHead,
  probeLongUri,
  probeOptions,
  probeUnknownMethod,
  probeUnknownRoute,
  probeWrongMethod,
} from './probes-routing.js';
import { unsafeProbes } from './probes-unsafe.js';
import { ProbeSession } from './session.js';
import type { CheckOptions, CheckResult, Route, Severity } from './types.js';

const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
const PARAM = /\{[^}/]+\}|\/:[A-Za-z_]/;

function joinPath(prefix: string, path: string): string {
  if (prefix === '' || path === prefix || path.startsWith(`${prefix}/`)) return path;
  return prefix + path;
}

function groupRoutes(routes: readonly Route[], prefix: string): PathGroup[] {
  const groups = new Map<string, PathGroup>();
  for (const r of routes) {
    const template = joinPath(prefix, r.template);
    const group = groups.get(template) ?? {
      path: joinPath(prefix, r.path),
      template,
      methods: new Set<string>(),
      synthetic: false,
      item: PARAM.test(r.template),
      exists: undefined,
    };
    group.methods.add(r.method.toUpperCase());
    group.synthetic ||= r.synthetic;
    groups.set(template, group);
  }
  return [...groups.values()];
}

function estimate(groups: readonly PathGroup[], options: CheckOptions): number {
  let n = 3;
  for (const g of groups) {
    n += 4 + (g.methods.has('GET') ? 2 : 0) + (g.synthetic ? 2 : 0);
    if (options.auth?.length && g.methods.has('GET')) n += 1;
    const bodies = BODY_METHODS.filter((m) => g.methods.has(m)).length;
    if (options.unsafe) n += 2 + bodies * (2 + (options.auth?.length ? 1 : 0)) + (bodies > 0 ? 1 : 0);
  }
  return Math.min(n, options.maxRequests ?? 200);
}

/** Fills item paths from what the API returned; records in notes where ids came from. */
async function fillGroups(s: ProbeSession, groups: PathGroup[]): Promise<void> {
  for (const g of groups) {
    if (!g.synthetic || s.exhausted) continue;
    const filled = await fillFromApi(s, g.template);
    g.path = filled.path;
    g.exists = filled.exists;
    g.synthetic = filled.exists === false;
    const how =
      filled.source === 'collection'
        ? 'an id the collection listed'
        : 'the guess 1 (the collection listed no item)';
    const state =
      filled.exists === true ? 'exists' : filled.exists === false ? 'does not exist' : 'may exist';
    s.notes.push(`${g.template} was probed as ${g.path}, from ${how}; it ${state}.`);
  }
}

/** The app-wide gate: every declared GET route answered the same 4xx (not 404 or 405). */
function findGate(statuses: readonly number[]): number | undefined {
  const first = statuses[0];
  if (first === undefined || first < 400 || first > 499 || first === 404 || first === 405) return undefined;
  return statuses.every((st) => st === first) ? first : undefined;
}

/** Probe 13 for a key in the URL's query: the same GET with a wrong value (a 401 then needs WWW-Authenticate). */
async function probeWrongKey(s: ProbeSession, groups: readonly PathGroup[]): Promise<void> {
  const params = new URLSearchParams(s.url.search);
  const first = groups.find((g) => g.methods.has('GET'));
  if (!first || [...params.keys()].length === 0) return;
  for (const key of params.keys()) params.set(key, 'statuskit-invalid');
  await s.send(13, 'GET', first.path, { query: params.toString() });
}

const UNSAFE_ONLY: CheckId[] = [
  'malformed-json-5xx',
  'malformed-json-status',
  'unsupported-media-type',
  'body-too-large',
];

function skippedChecks(s: ProbeSession, options: CheckOptions, groups: readonly PathGroup[]) {
  const skipped: { check: string; reason: string }[] = [];
  const skip = (check: CheckId, reason: string) => skipped.push({ check, reason });
  for (const [id, spec] of Object.entries(CHECKS) as [CheckId, (typeof CHECKS)[CheckId]][])
    if ('envelope' in spec && options.envelope !== 'statuskit') skip(id, 'needs --envelope statuskit');
  if (!options.unsafe) for (const id of UNSAFE_ONLY) skip(id, 'needs --unsafe');
  if (!options.openapi) skip('undeclared-status', 'needs --openapi');
  if (!options.openapi || !options.unsafe) skip('create-status', 'needs --openapi and --unsafe');
  if (!options.unsafe) skip('created-location', 'needs --unsafe (a create is sent only then)');
  if (!s.corsSeen) skip('cors-preflight', 'no response carried CORS headers');
  if (!s.etagSeen) {
    skip('conditional-get', 'no response carried an ETag');
    skip('not-modified-validators', 'no response carried an ETag');
  }
  if (!groups.some((g) => g.methods.has('GET')))
    for (const id of ['head-body', 'head-mismatch', 'head-content-length', 'server-error-on-get'] as const)
      skip(id, 'no GET route was given');
  return skipped;
}

/**
 * Probes a running API from outside and reports every status-code misuse it finds, with the
 * precedence model so an earlier answer (401 before 404 before 405 before 415 before 400) is not
 * blamed on a later rule. Ids of item routes come from what the API returned. Safe by default:
 * only GET, HEAD, OPTIONS, TRACE and an unknown method token; `unsafe` adds body probes, sent to
 * collections (POST) or to ids shown not to exist, never PUT, PATCH or DELETE to an existing
 * resource. Throws when the API cannot be reached at all.
 *
 * @example
 * const { findings } = await checkApi({ url: 'http://127.0.0.1:3000', routes: parseRouteFlag('GET,POST /notes') });
 */
export async function checkApi(options: CheckOptions): Promise<CheckResult> {
  const started = Date.now();
  const s = new ProbeSession(options);
  const prefix = s.url.pathname.replace(/\/+$/, '');
  const routes = options.routes?.length
    ? options.routes
    : [{ method: 'GET', template: s.url.pathname, path: s.url.pathname, synthetic: false }];
  const groups = groupRoutes(routes, prefix);
  s.planned = estimate(groups, options);
  if (options.openapi !== undefined) s.onExchange = openApiStatusCheck(options.openapi, prefix, s.findings);

  const unknown = await probeUnknownRoute(s, prefix);
  if (unknown && !unknown.response && unknown.interim.length === 0)
    throw new Error(`cannot reach ${s.url.origin}: ${unknown.error ?? 'no answer'}`);
  await fillGroups(s, groups);
  const gets: number[] = [];
  for (const group of groups) {
    if (s.exhausted || !group.methods.has('GET')) continue;
    const status = await probeGetHead(s, group);
    if (status !== undefined) gets.push(status);
  }
  s.gate = findGate(gets);
  if (s.gate !== undefined)
    s.notes.push(
      `Every declared route answered GET with ${s.gate}: an app-wide gate (a missing key or token?) answers first, so the probes behind it cannot be judged. Give credentials with --auth, or a query key in the URL.`,
    );
  if (unknown) judgeUnknownRoute(s, unknown);
  await probeWrongKey(s, groups);
  await probeLongUri(s, prefix);
  for (const group of groups) {
    if (s.exhausted) break;
    await probeOptions(s, group);
    if (!group.methods.has('TRACE')) await probeWrongMethod(s, group, 'TRACE');
    await probeUnknownMethod(s, group);
    if (options.auth?.length && group.methods.has('GET'))
      await s.send(13, 'GET', group.path, { auth: false });
    if (options.unsafe) await unsafeProbes(s, group, options);
  }
  const findings = s.findings.list();
  const counts: Record<Severity, number> = { E: 0, W: 0, I: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return {
    url: s.url.href,
    findings,
    notEvaluated: s.notEvaluated,
    notes: s.notes,
    skipped: skippedChecks(s, options, groups),
    requests: s.requests,
    truncated: s.truncated,
    durationMs: Date.now() - started,
    counts,
  };
}
