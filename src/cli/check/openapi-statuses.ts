import type { Exchange, FindingSet } from './findings.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const OPERATIONS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'];
/** Probes whose requests an OpenAPI description is expected to cover: GET/HEAD of routes, creates. */
const COVERED_PROBES = new Set([5, 19]);

/** One operation of an OpenAPI document: what it matches and the statuses it declares. */
export interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Declared keys of `responses`: `200`, `4XX`, `default`. */
  statuses: Set<string>;
  /** The operation object itself. */
  spec: Json;
}

/**
 * The operations of an OpenAPI 3 document, with path patterns under `prefix` (the base path).
 *
 * @example
 * operationsOf(doc, '')[0].statuses // Set { '200', '404' }
 */
export function operationsOf(doc: unknown, prefix: string): Operation[] {
  if (!isObject(doc) || !isObject(doc.paths)) return [];
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0].url : undefined;
  const base =
    typeof server === 'string' ? new URL(server, 'http://placeholder').pathname.replace(/\/$/, '') : '';
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    let template = base + path;
    if (prefix && !template.startsWith(`${prefix}/`) && template !== prefix) template = prefix + template;
    const source = template
      .split(/\{[^}/]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const pattern = new RegExp(`^${source}/?$`);
    for (const method of OPERATIONS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const statuses = new Set(
        isObject(op.responses) ? Object.keys(op.responses).map((k) => k.toUpperCase()) : [],
      );
      ops.push({ method: method.toUpperCase(), template, pattern, statuses, spec: op });
    }
  }
  return ops;
}

/**
 * True when an operation's responses cover a status: the code, its range (`4XX`) or `default`.
 *
 * @example
 * declares(new Set(['200', '4XX']), 404) // true
 */
export const declares = (statuses: ReadonlySet<string>, status: number): boolean =>
  statuses.has(String(status)) || statuses.has(`${Math.floor(status / 100)}XX`) || statuses.has('DEFAULT');

/**
 * The check run on every exchange when an OpenAPI document is given: a GET/HEAD of a declared
 * operation, or a create, that answers a status the operation does not declare.
 *
 * @example
 * session.onExchange = openApiStatusCheck(doc, '', session.findings);
 */
export function openApiStatusCheck(
  doc: unknown,
  prefix: string,
  findings: FindingSet,
): (ex: Exchange) => void {
  const ops = operationsOf(doc, prefix);
  return (ex) => {
    const res = ex.response;
    if (!res || !COVERED_PROBES.has(ex.probe)) return;
    const method = ex.request.method === 'HEAD' ? 'GET' : ex.request.method;
    const path = ex.request.target.split('?')[0] ?? '';
    const op = ops.find((o) => o.method === method && o.pattern.test(path));
    if (!op || op.statuses.size === 0 || declares(op.statuses, res.status)) return;
    findings.add(
      'undeclared-status',
      ex,
      `${ex.label} → ${res.status}; ${op.method} ${op.template} declares ${[...op.statuses].join(', ')}.`,
      `${op.method} ${op.template} ${res.status}`,
    );
  };
}
