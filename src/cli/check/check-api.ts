import { probeMalformedJson, probeOversizedBody, probeWrongMediaType } from './probes-body.js';
import {
  type PathGroup,
  probeGetHead,
  probeLongUri,
  probeOptions,
  probeUnknownMethod,
  probeUnknownRoute,
  probeWrongMethod,
} from './probes-routing.js';
import { ProbeSession } from './session.js';
import type { CheckOptions, CheckResult, Route, Severity } from './types.js';

const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
const UNSAFE_WRONG = ['PATCH', 'PUT', 'POST'];

function joinPath(prefix: string, path: string): string {
  if (prefix === '' || path === prefix || path.startsWith(`${prefix}/`)) return path;
  return prefix + path;
}

function groupRoutes(routes: readonly Route[], prefix: string): PathGroup[] {
  const groups = new Map<string, PathGroup>();
  for (const r of routes) {
    const path = joinPath(prefix, r.path);
    const group = groups.get(path) ?? { path, methods: new Set<string>(), synthetic: false };
    group.methods.add(r.method.toUpperCase());
    group.synthetic ||= r.synthetic;
    groups.set(path, group);
  }
  return [...groups.values()];
}

function estimate(groups: readonly PathGroup[], options: CheckOptions): number {
  let n = 2;
  for (const g of groups) {
    n += 4 + (g.methods.has('GET') ? 2 : 0);
    if (options.auth?.length && g.methods.has('GET')) n += 1;
    const bodies = BODY_METHODS.filter((m) => g.methods.has(m)).length;
    if (options.unsafe) n += 1 + bodies * (2 + (options.auth?.length ? 1 : 0)) + (bodies > 0 ? 1 : 0);
  }
  return Math.min(n, options.maxRequests ?? 200);
}

/**
 * Probes a running API from outside and reports every status-code misuse it finds, with the
 * precedence model so an earlier answer (401 before 404 before 405 before 415 before 400) is not
 * blamed on a later rule. Safe by default: only GET, HEAD, OPTIONS, TRACE and an unknown method
 * token; `unsafe` adds body-sending probes. Throws when the API cannot be reached at all.
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

  const first = await probeUnknownRoute(s, prefix);
  if (first && !first.response && first.interim.length === 0)
    throw new Error(`cannot reach ${s.url.origin}: ${first.error ?? 'no answer'}`);
  await probeLongUri(s, prefix);
  for (const group of groups) {
    if (s.exhausted) break;
    if (group.methods.has('GET')) await probeGetHead(s, group);
    await probeOptions(s, group);
    if (!group.methods.has('TRACE')) await probeWrongMethod(s, group, 'TRACE');
    await probeUnknownMethod(s, group);
    if (options.auth?.length && group.methods.has('GET'))
      await s.send(13, 'GET', group.path, { auth: false });
    if (!options.unsafe) continue;
    const wrong = UNSAFE_WRONG.find((m) => !group.methods.has(m));
    if (wrong) await probeWrongMethod(s, group, wrong);
    const bodyMethods = BODY_METHODS.filter((m) => group.methods.has(m));
    for (const method of bodyMethods) {
      await probeMalformedJson(s, group, method, true);
      if (options.auth?.length) await probeMalformedJson(s, group, method, false);
      await probeWrongMediaType(s, group, method);
    }
    if (bodyMethods[0]) await probeOversizedBody(s, group, bodyMethods[0]);
  }
  const findings = s.findings.list();
  const counts: Record<Severity, number> = { E: 0, W: 0, I: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return {
    url: s.url.href,
    findings,
    notEvaluated: s.notEvaluated,
    requests: s.requests,
    truncated: s.truncated,
    durationMs: Date.now() - started,
    counts,
  };
}
