import { parseJson } from './body-inspect.js';
import { sampleRecord } from './ids.js';
import type { Operation } from './openapi-statuses.js';
import type { PathGroup } from './probes-routing.js';
import type { ProbeSession } from './session.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolve(doc: unknown, node: unknown, depth = 0): unknown {
  if (!isObject(node) || typeof node.$ref !== 'string' || depth > 8) return node;
  const path = node.$ref.replace(/^#\//, '').split('/');
  let at: unknown = doc;
  for (const part of path) at = isObject(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return resolve(doc, at, depth + 1);
}

/**
 * A value that a JSON schema accepts: its example or default, else one built from its type
 * (required properties only), local `$ref`s followed.
 *
 * @example
 * schemaValue({}, { type: 'object', required: ['title'], properties: { title: { type: 'string' } } }) // { title: 'statuskit' }
 */
export function schemaValue(doc: unknown, raw: unknown, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (!isObject(schema) || depth > 6) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const all = Array.isArray(schema.allOf)
    ? schema.allOf
    : Array.isArray(schema.oneOf)
      ? [schema.oneOf[0]]
      : [];
  if (all.length > 0) return Object.assign({}, ...all.map((s) => schemaValue(doc, s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return schema.format === 'email' ? 'statuskit@example.com' : 'statuskit';
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (type === 'object' || isObject(schema.properties)) {
    const props = isObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : Object.keys(props);
    return Object.fromEntries(required.map((name) => [name, schemaValue(doc, props[name], depth + 1)]));
  }
  return undefined;
}

function exampleBody(doc: unknown, op: Operation | undefined): unknown {
  const body = resolve(doc, op?.spec.requestBody);
  const content = isObject(body) && isObject(body.content) ? body.content['application/json'] : undefined;
  if (!isObject(content)) return undefined;
  if (content.example !== undefined) return content.example;
  const first = isObject(content.examples) ? Object.values(content.examples)[0] : undefined;
  if (isObject(first) && first.value !== undefined) return first.value;
  return schemaValue(doc, content.schema);
}

/**
 * Probe 19 (with `--unsafe`): one valid create per collection that handles POST, its body from
 * the OpenAPI examples or schema, else a copy of the collection's first record without its id.
 * A 201 must carry Location (checked on every response); with OpenAPI declaring 201, another
 * 2xx is reported. Creates at most one record.
 *
 * @example
 * await probeCreate(session, group, doc, operation);
 */
export async function probeCreate(
  s: ProbeSession,
  group: PathGroup,
  doc: unknown,
  op: Operation | undefined,
): Promise<void> {
  let record = exampleBody(doc, op);
  const from =
    record === undefined
      ? 'a copy of its first record (its id left out)'
      : 'the example of its OpenAPI description';
  if (record === undefined) {
    const list = await s.send(19, 'GET', group.path);
    const res = list?.response;
    if (res && res.status >= 200 && res.status < 300) record = sampleRecord(parseJson(res.body));
  }
  if (record === undefined) {
    s.notes.push(`POST ${group.path}: the collection listed no record to copy, so no create was sent.`);
    return;
  }
  const ex = await s.send(19, 'POST', group.path, {
    headers: [['Content-Type', 'application/json']],
    body: JSON.stringify(record),
  });
  s.notes.push(
    `POST ${group.path} was sent ${from} to see how a create is answered: where the API accepts it, it created one record.`,
  );
  const res = ex?.response;
  if (!ex || !res) return;
  const reason = s.precedence(res.status, 'body', false);
  if (reason) return s.skip(ex, reason);
  if (op?.statuses.has('201') && res.status >= 200 && res.status < 300 && res.status !== 201)
    s.findings.add('create-status', ex, `${ex.label} → ${res.status}; its OpenAPI description declares 201.`);
}
