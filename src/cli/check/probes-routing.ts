import { frameworkDefault } from './body-inspect.js';
import type { Exchange } from './findings.js';
import { allowList } from './passive.js';
import type { ProbeSession } from './session.js';

/** The routes of one path: the methods the API says it handles there. */
export interface PathGroup {
  /** The path probed, parameters filled. */
  path: string;
  /** The path as declared, e.g. `/notes/{id}`. */
  template: string;
  methods: Set<string>;
  /** The filled id is invented and names nothing (a 404 may then be right). */
  synthetic: boolean;
  /** The template has path parameters. */
  item: boolean;
  /** A GET showed the resource exists (true) or not (false); undefined when unknown. */
  exists: boolean | undefined;
}

const where = (ex: Exchange): string => {
  const origin = ex.response ? frameworkDefault(ex.response) : undefined;
  return origin ? ` (looks like ${origin})` : '';
};

const expectedAllow = (group: PathGroup): string[] => {
  const methods = new Set(group.methods);
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
};

/** Probe 1: an unknown path; judged by {@link judgeUnknownRoute} once an app-wide gate is known. */
export function probeUnknownRoute(s: ProbeSession, prefix: string): Promise<Exchange | undefined> {
  return s.send(1, 'GET', `${prefix}/__statuskit_nonexistent_${Math.random().toString(36).slice(2, 10)}`);
}

/** Probe 1: an unknown path gets 404 (410 allowed). */
export function judgeUnknownRoute(s: ProbeSession, ex: Exchange): void {
  const status = ex.response?.status;
  if (status === undefined) return;
  const reason = s.precedence(status, 'routing', false);
  if (reason) s.skip(ex, reason);
  else if (status !== 404 && status !== 410)
    s.findings.add('unknown-route-status', ex, `${ex.label} → ${status}, not 404${where(ex)}.`);
}

/** Probe 11: a 20 kB request-target gets 414 (431 or 400 from a parser limit, or 404 when read, are tolerated). */
export async function probeLongUri(s: ProbeSession, prefix: string): Promise<void> {
  const ex = await s.send(11, 'GET', `${prefix}/__statuskit_long_${'a'.repeat(20_000)}`);
  if (!ex) return;
  const status = ex.response?.status;
  if (status === undefined) s.findings.add('uri-too-long', ex, `${ex.label}: ${ex.error ?? 'no answer'}.`);
  else if (status >= 500) s.findings.add('uri-too-long', ex, `${ex.label} → ${status}, not 414.`);
}

/** Probe 5 and 24: GET of an item does not fail; HEAD matches GET; a matching If-None-Match gets 304. Returns GET's status. */
export async function probeGetHead(s: ProbeSession, group: PathGroup): Promise<number | undefined> {
  const get = await s.send(5, 'GET', group.path);
  if (group.item && get?.response && get.response.status >= 500)
    s.findings.add('server-error-on-get', get, `${get.label} → ${get.response.status}${where(get)}.`);
  const head = await s.send(5, 'HEAD', group.path);
  const g = get?.response;
  const h = head?.response;
  if (!g || !h || !head) return g?.status;
  const gType = (g.headers['content-type'] ?? '').replace(/\s/g, '').toLowerCase();
  const hType = (h.headers['content-type'] ?? '').replace(/\s/g, '').toLowerCase();
  if (g.status !== h.status)
    s.findings.add('head-mismatch', head, `GET → ${g.status}, HEAD → ${h.status}.`, group.path);
  else if (gType !== hType)
    s.findings.add(
      'head-mismatch',
      head,
      `GET Content-Type ${gType || 'none'}, HEAD ${hType || 'none'}.`,
      group.path,
    );
  const headLength = h.headers['content-length'];
  const getLength = g.headers['content-length'] ?? String(g.body.length);
  if (g.status === h.status && headLength !== undefined && headLength !== getLength)
    s.findings.add(
      'head-content-length',
      head,
      `HEAD Content-Length ${headLength}, GET ${getLength}.`,
      group.path,
    );
  const etag = g.headers.etag;
  if (g.status < 200 || g.status > 299 || etag === undefined || !get) return g.status;
  const cond = await s.send(24, 'GET', group.path, { headers: [['If-None-Match', etag]] });
  const c = cond?.response;
  if (!cond || !c) return g.status;
  const reason = s.precedence(c.status, 'routing', false);
  if (reason) {
    s.skip(cond, reason);
    return g.status;
  }
  if (c.status !== 304)
    s.findings.add('conditional-get', cond, `If-None-Match: ${etag} → ${c.status}, not 304.`, group.path);
  else if (c.headers.etag === undefined)
    s.findings.add(
      'not-modified-validators',
      cond,
      `The 200 had ETag ${etag}; the 304 has none.`,
      group.path,
    );
  return g.status;
}

/** Probe 4: OPTIONS answers 2xx with Allow; with CORS in use, a preflight is answered. */
export async function probeOptions(s: ProbeSession, group: PathGroup): Promise<void> {
  const ex = await s.send(4, 'OPTIONS', group.path);
  const res = ex?.response;
  if (!ex || !res) return;
  const reason = s.precedence(res.status, 'method', group.synthetic);
  if (reason) s.skip(ex, reason);
  else if (res.status < 200 || res.status > 299)
    s.findings.add('options-status', ex, `${ex.label} → ${res.status}${where(ex)}.`, group.path);
  else if (res.headers.allow === undefined) {
    const cors = res.headers['access-control-allow-methods'];
    const also =
      cors === undefined ? '' : ` (only Access-Control-Allow-Methods: ${cors}, which is for browsers)`;
    s.findings.add('options-allow', ex, `${ex.label} → ${res.status} without Allow${also}.`, group.path);
  } else if (res.headers.allow !== undefined) {
    const allow = allowList(res.headers.allow);
    const missing = expectedAllow(group).filter((m) => !allow.includes(m));
    if (missing.length > 0)
      s.findings.add(
        'allow-mismatch',
        ex,
        `Allow: ${res.headers.allow} lacks ${missing.join(', ')}.`,
        group.path,
      );
  }
  if (!s.corsSeen) return;
  const method = [...group.methods][0] ?? 'GET';
  const pre = await s.send(4, 'OPTIONS', group.path, {
    headers: [
      ['Origin', 'https://statuskit-check.example'],
      ['Access-Control-Request-Method', method],
      ['Access-Control-Request-Headers', 'content-type'],
    ],
  });
  const p = pre?.response;
  if (!pre || !p) return;
  if (p.status < 200 || p.status > 299 || p.headers['access-control-allow-origin'] === undefined)
    s.findings.add(
      'cors-preflight',
      pre,
      `Preflight for ${method} → ${p.status}${p.headers['access-control-allow-origin'] === undefined ? ' without Access-Control-Allow-Origin' : ''}.`,
      group.path,
    );
}

/** Probe 2: a method the route does not handle gets 405 with Allow (TRACE, safe; with --unsafe also POST, or PATCH/PUT to a missing id, with a body that cannot parse). */
export async function probeWrongMethod(s: ProbeSession, group: PathGroup, method: string): Promise<void> {
  // A body-sending method carries JSON that cannot parse, so a handler that does exist stores nothing.
  const sendsBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const ex = await s.send(
    2,
    method,
    group.path,
    sendsBody ? { headers: [['Content-Type', 'application/json']], body: '{"a":' } : {},
  );
  const res = ex?.response;
  if (!ex || !res) return;
  if (sendsBody && (res.status === 400 || res.status === 422 || res.status === 415))
    return s.skip(ex, 'the body was judged before the method (a body parser ahead of routing)');
  const reason = s.precedence(res.status, 'method', group.synthetic);
  if (reason) return s.skip(ex, reason);
  if (res.status === 405) {
    if (res.headers.allow === undefined) return;
    const allow = allowList(res.headers.allow);
    const missing = expectedAllow(group).filter((m) => !allow.includes(m));
    if (missing.length > 0)
      s.findings.add(
        'allow-mismatch',
        ex,
        `Allow: ${res.headers.allow} lacks ${missing.join(', ')}.`,
        group.path,
      );
    return;
  }
  if (res.status === 501) return;
  const handled = [...group.methods].join(', ');
  s.findings.add(
    'method-not-allowed',
    ex,
    `${ex.label} → ${res.status}${where(ex)}; the route handles ${handled}, so 405 (or 501 when the method is not implemented) is due.`,
    group.path,
  );
}

/** Probe 3: an unknown method token gets 501 (405 tolerated). */
export async function probeUnknownMethod(s: ProbeSession, group: PathGroup): Promise<void> {
  const ex = await s.send(3, 'FOO', group.path);
  if (!ex) return;
  const res = ex.response;
  if (!res) return s.findings.add('unknown-method', ex, `${ex.label}: ${ex.error ?? 'no answer'}.`, 'none');
  const reason = s.precedence(res.status, 'method', group.synthetic);
  if (reason) return s.skip(ex, reason);
  if (res.status !== 501 && res.status !== 405)
    s.findings.add('unknown-method', ex, `${ex.label} → ${res.status}${where(ex)}.`);
}
