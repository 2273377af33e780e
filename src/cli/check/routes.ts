import { readFile } from 'node:fs/promises';
import type { Route } from './types.js';

const METHOD = /^[!#$%&'*+.^`|~\w-]{1,32}$/;
const PARAM = /\{([^}/]+)\}|(?<=\/):([A-Za-z_]\w*)/g;
const OPERATIONS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'] as const;
const UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Fills `{id}` and `:id` parameters from `examples`, else with `1`. `synthetic` tells whether a
 * value was invented (the resource then probably does not exist).
 *
 * @example
 * fillPath('/notes/{id}') // { path: '/notes/1', synthetic: true }
 */
function fillPath(
  template: string,
  examples: Record<string, string> = {},
): { path: string; synthetic: boolean } {
  let synthetic = false;
  const path = template.replace(PARAM, (_all, braced: string | undefined, colon: string | undefined) => {
    const name = braced ?? colon ?? '';
    const value = examples[name];
    if (value === undefined) synthetic = true;
    return encodeURIComponent(value ?? '1');
  });
  return { path, synthetic };
}

/**
 * Parses a `--route` value: `"METHOD /path"`, several methods joined by commas, or a bare path
 * (GET). Throws with a clear message on anything else.
 *
 * @example
 * parseRouteFlag('GET,POST /notes').map((r) => r.method) // ['GET', 'POST']
 */
export function parseRouteFlag(text: string): Route[] {
  const parts = text.trim().split(/\s+/);
  const [methods, template] = parts.length === 1 ? ['GET', parts[0]] : parts;
  if (parts.length > 2 || !template?.startsWith('/') || methods === undefined)
    throw new Error(`--route wants "METHOD /path" (e.g. "GET /notes/{id}"); got ${JSON.stringify(text)}.`);
  return methods.split(',').map((raw) => {
    const method = raw.toUpperCase();
    if (!METHOD.test(method)) throw new Error(`--route: ${JSON.stringify(raw)} is not an HTTP method.`);
    return { method, template, ...fillPath(template) };
  });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function exampleOf(parameter: Json): string | undefined {
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  const given =
    parameter.example ?? schema.example ?? (Array.isArray(schema.enum) ? schema.enum[0] : undefined);
  if (typeof given === 'string' || typeof given === 'number') return String(given);
  if (schema.format === 'uuid') return UUID;
  return undefined;
}

function pathExamples(...lists: unknown[]): Record<string, string> {
  const examples: Record<string, string> = {};
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (!isObject(p) || p.in !== 'path' || typeof p.name !== 'string') continue;
      const value = exampleOf(p);
      if (value !== undefined) examples[p.name] = value;
    }
  }
  return examples;
}

const requiresAuth = (security: unknown): boolean | undefined =>
  Array.isArray(security) ? security.some((s) => isObject(s) && Object.keys(s).length > 0) : undefined;

/**
 * Reads the routes of an OpenAPI 3 document: every operation under `paths`, prefixed with the
 * path of `servers[0].url`, parameters filled from their examples, `security` noted.
 *
 * @example
 * routesFromOpenApi({ openapi: '3.1.0', paths: { '/notes': { get: {} } } }) // [{ method: 'GET', path: '/notes', ... }]
 */
export function routesFromOpenApi(doc: unknown): Route[] {
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !isObject(doc.paths))
    throw new Error('--openapi: not an OpenAPI 3 document (no "openapi" version or no "paths").');
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0].url : undefined;
  let prefix = '';
  if (typeof server === 'string') prefix = new URL(server, 'http://placeholder').pathname.replace(/\/$/, '');
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!isObject(item) || !template.startsWith('/')) continue;
    for (const op of OPERATIONS) {
      const operation = item[op];
      if (!isObject(operation)) continue;
      const filled = fillPath(prefix + template, pathExamples(item.parameters, operation.parameters));
      const secured = requiresAuth(operation.security) ?? requiresAuth(doc.security);
      routes.push({ method: op.toUpperCase(), template: prefix + template, ...filled, protected: secured });
    }
  }
  return routes;
}

/**
 * Loads an OpenAPI 3 file and returns its routes. JSON is read as is; YAML (`.yaml`, `.yml`, or a
 * file that is not JSON) is read with the `yaml` package, an optional peer dependency.
 *
 * @example
 * const routes = await loadOpenApi('openapi.yaml');
 */
export async function loadOpenApi(file: string): Promise<Route[]> {
  return (await readOpenApi(file)).routes;
}

/**
 * Loads an OpenAPI 3 file: the document itself (for its declared statuses and examples) and its routes.
 *
 * @example
 * const { document, routes } = await readOpenApi('openapi.json');
 */
export async function readOpenApi(file: string): Promise<{ document: unknown; routes: Route[] }> {
  const document = await readDocument(file, await readFile(file, 'utf8'));
  return { document, routes: routesFromOpenApi(document) };
}

async function readDocument(file: string, text: string): Promise<unknown> {
  if (!/\.ya?ml$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch {
      if (/\.json$/i.test(file)) throw new Error(`--openapi: ${file} is not valid JSON.`);
    }
  }
  const yaml = await import('yaml').catch(() => undefined);
  if (yaml === undefined) {
    throw new Error(
      `--openapi: reading ${file} as YAML needs the yaml package: npm install --save-dev yaml (or convert the file to JSON).`,
    );
  }
  try {
    return yaml.parse(text);
  } catch (error) {
    const reason = String((error as Error).message).split('\n')[0];
    throw new Error(`--openapi: ${file} is neither JSON nor valid YAML (${reason}).`);
  }
}
