import { missingPath } from './ids.js';
import { operationsOf } from './openapi-statuses.js';
import { probeCreate } from './probe-create.js';
import { probeMalformedJson, probeOversizedBody, probeWrongMediaType } from './probes-body.js';
import { type PathGroup, probeWrongMethod } from './probes-routing.js';
import type { ProbeSession } from './session.js';
import type { CheckOptions } from './types.js';

const BODY_METHODS = ['POST', 'PUT', 'PATCH'];

/**
 * The probes of `--unsafe` on one path: the undeclared wrong method, malformed JSON, a
 * text/plain body, an oversized body and a valid create, sent only where they change no record
 * that exists: POST to collections, PUT and PATCH to ids a GET showed missing, never DELETE.
 *
 * @example
 * await unsafeProbes(session, group, options);
 */
export async function unsafeProbes(s: ProbeSession, group: PathGroup, options: CheckOptions): Promise<void> {
  const declared = BODY_METHODS.filter((m) => group.methods.has(m));
  const missing = group.item ? await missingPath(s, group.template) : undefined;
  const target = (method: string): PathGroup | undefined => {
    if (method === 'POST' && !group.item) return group;
    if (missing) return { ...group, path: missing, synthetic: true, exists: false };
    return undefined;
  };
  const wrong = ['POST', 'PATCH', 'PUT'].find((m) => !group.methods.has(m) && (m === 'POST' || missing));
  if (wrong === 'POST')
    s.notes.push(`POST ${group.path} (not declared) was sent JSON that cannot parse, to see it refused.`);
  if (wrong) await probeWrongMethod(s, wrong === 'POST' ? group : target(wrong)!, wrong);
  const sent: string[] = [];
  for (const method of declared) {
    const to = target(method);
    if (!to) {
      s.notes.push(`${method} ${group.template}: no body was sent, the path names an existing resource.`);
      continue;
    }
    sent.push(method);
    await probeMalformedJson(s, to, method, true);
    if (options.auth?.length) await probeMalformedJson(s, to, method, false);
    await probeWrongMediaType(s, to, method);
  }
  const first = sent[0];
  if (first) await probeOversizedBody(s, target(first)!, first);
  if (group.methods.has('POST') && !group.item) {
    const ops =
      options.openapi === undefined ? [] : operationsOf(options.openapi, s.url.pathname.replace(/\/+$/, ''));
    const op = ops.find((o) => o.method === 'POST' && o.pattern.test(group.path));
    await probeCreate(s, group, options.openapi, op);
  }
  if (sent.includes('POST') && !group.item)
    s.notes.push(
      `POST ${group.path} was sent a text/plain body: where the API accepts it, a record was created (the malformed and the oversized JSON cannot be stored).`,
    );
}
