import { parseJson } from './body-inspect.js';
import type { ProbeSession } from './session.js';

const PARAM = /\{([^}/]+)\}|(?<=\/):([A-Za-z_]\w*)/;
const ID_KEYS = ['id', '_id', 'uuid', 'slug', 'key', 'name'];
const LIST_KEYS = ['data', 'items', 'results', 'records', 'rows', 'list', 'content'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The list of a collection body: a bare array, or the first array member of an object. */
function listOf(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (!isObject(body)) return undefined;
  for (const key of LIST_KEYS) if (Array.isArray(body[key])) return body[key] as unknown[];
  if (isObject(body.data)) return listOf(body.data);
  return Object.values(body).find((v): v is unknown[] => Array.isArray(v));
}

/**
 * An id for the parameter `name` from a collection body: the first item's `name` member, else
 * its `id`, `_id`, `uuid`, `slug`, `key` or `name`; `undefined` when the body holds no item.
 *
 * @example
 * idFromCollection([{ id: 7, title: 'a' }], 'id') // '7'
 */
function idFromCollection(body: unknown, name: string): string | undefined {
  const list = listOf(body);
  for (const item of list ?? []) {
    if (typeof item === 'string' || typeof item === 'number') return String(item);
    if (!isObject(item)) continue;
    for (const key of [name, ...ID_KEYS]) {
      const value = item[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return undefined;
}

const GENERATED = /^(?:_?id|uuid|created_?at|updated_?at|createdAt|updatedAt)$/i;

/**
 * A record to create in a collection: a copy of the first item its GET listed, without the
 * members the server generates (`id`, `_id`, `uuid`, timestamps). `undefined` when none is listed.
 *
 * @example
 * sampleRecord([{ id: 1, title: 'Dune' }]) // { title: 'Dune' }
 */
export function sampleRecord(body: unknown): Record<string, unknown> | undefined {
  const first = listOf(body)?.find(isObject);
  if (!first) return undefined;
  const copy = Object.fromEntries(Object.entries(first).filter(([key]) => !GENERATED.test(key)));
  return Object.keys(copy).length > 0 ? copy : undefined;
}

/** Where a parameter's value comes from, for the report. */
export type IdSource = 'openapi' | 'collection' | 'guess' | 'missing';

/** A path with its parameters filled, and whether the resource it names was shown to exist. */
export interface FilledPath {
  path: string;
  /** True: a GET of it answered 2xx; false: 404 or 410; undefined: not known. */
  exists: boolean | undefined;
  source: IdSource;
}

/**
 * Fills the parameters of a path template, one after the other, from what the API returns: the
 * first item of the collection above each parameter (`GET /posts` for `/posts/{id}`), else `1`,
 * which a GET then shows to exist or not. Sends only GET requests.
 *
 * @example
 * const { path, exists } = await fillFromApi(session, '/posts/{id}'); // '/posts/1', true
 */
export async function fillFromApi(s: ProbeSession, template: string): Promise<FilledPath> {
  let path = template;
  let source: IdSource = 'collection';
  for (let match = PARAM.exec(path); match; match = PARAM.exec(path)) {
    const name = match[1] ?? match[2] ?? 'id';
    const collection = path.slice(0, match.index).replace(/\/$/, '') || '/';
    // `/user/{name}/repos` lists its users under `/users` in many APIs.
    let value: string | undefined;
    const lists = /s$|^\/$/.test(collection) ? [collection] : [collection, `${collection}s`];
    for (const list of lists) {
      const res = (await s.send(5, 'GET', list))?.response;
      if (res !== undefined && res.status >= 200 && res.status < 300)
        value = idFromCollection(parseJson(res.body), name);
      if (value !== undefined) break;
    }
    if (value === undefined) {
      value = '1';
      source = 'guess';
    }
    path = path.slice(0, match.index) + encodeURIComponent(value) + path.slice(match.index + match[0].length);
  }
  if (path === template) return { path, exists: undefined, source: 'openapi' };
  const item = await s.send(5, 'GET', path);
  const status = item?.response?.status;
  const exists =
    status === undefined
      ? undefined
      : status >= 200 && status < 300
        ? true
        : status === 404 || status === 410
          ? false
          : undefined;
  return { path, exists, source };
}

/**
 * A path for the same route that names a resource shown not to exist (a GET answered 404 or
 * 410): the target of body probes that must change nothing. `undefined` when none was found.
 *
 * @example
 * await missingPath(session, '/posts/{id}') // '/posts/statuskit-missing-4f2a'
 */
export async function missingPath(s: ProbeSession, template: string): Promise<string | undefined> {
  const id = `statuskit-missing-${Math.random().toString(36).slice(2, 8)}`;
  const path = template.replace(new RegExp(PARAM.source, 'g'), id);
  if (path === template) return undefined;
  const ex = await s.send(5, 'GET', path);
  const status = ex?.response?.status;
  return status === 404 || status === 410 ? path : undefined;
}
