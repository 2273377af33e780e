import { frameworkDefault } from './body-inspect.js';
import type { Exchange } from './findings.js';
import type { PathGroup } from './probes-routing.js';
import type { ProbeSession } from './session.js';

const JSON_HEADERS = [['Content-Type', 'application/json']] as const;
/**
 * The oversized body: a bit over 10 MiB, so a server whose limit is exactly 10 MiB (`'10mb'`)
 * refuses it too. It is JSON that never ends, so a server with no limit answers 400 instead of
 * storing a 10 MiB record.
 */
export const OVERSIZED_BYTES = 10 * 1024 * 1024 + 64 * 1024;

const where = (ex: Exchange): string => {
  const origin = ex.response ? frameworkDefault(ex.response) : undefined;
  return origin ? ` (looks like ${origin})` : '';
};

function oversizedBody(): Buffer {
  const body = Buffer.alloc(OVERSIZED_BYTES, 0x61);
  body.write('{"title":"', 0, 'latin1');
  return body;
}

/** Probe 6 (and 13 without credentials): `{"a":` with a JSON type gets 400, never 5xx. */
export async function probeMalformedJson(
  s: ProbeSession,
  group: PathGroup,
  method: string,
  withAuth: boolean,
): Promise<void> {
  const ex = await s.send(withAuth ? 6 : 13, method, group.path, {
    headers: JSON_HEADERS,
    body: '{"a":',
    auth: withAuth,
  });
  const res = ex?.response;
  if (!ex || !res || !withAuth) return;
  const reason = s.precedence(res.status, 'body', group.synthetic);
  if (reason) return s.skip(ex, reason);
  if (res.status >= 500)
    s.findings.add(
      'malformed-json-5xx',
      ex,
      `${ex.label} with {"a": → ${res.status}${where(ex)}.`,
      group.path,
    );
  else if (res.status !== 400)
    s.findings.add('malformed-json-status', ex, `${ex.label} with {"a": → ${res.status}.`, group.path);
}

/** Probe 8: a `text/plain` body to a JSON route gets 415. */
export async function probeWrongMediaType(s: ProbeSession, group: PathGroup, method: string): Promise<void> {
  const ex = await s.send(8, method, group.path, {
    headers: [['Content-Type', 'text/plain']],
    body: 'statuskit',
  });
  const res = ex?.response;
  if (!ex || !res) return;
  const reason = s.precedence(res.status, 'media', group.synthetic);
  if (reason) return s.skip(ex, reason);
  if (res.status !== 415)
    s.findings.add(
      'unsupported-media-type',
      ex,
      `${ex.label} with Content-Type: text/plain → ${res.status}${where(ex)}.`,
      group.path,
    );
}

/** Probe 9: a 10 MiB body announced with `Expect: 100-continue` gets 413, ideally before the body is sent. */
export async function probeOversizedBody(s: ProbeSession, group: PathGroup, method: string): Promise<void> {
  const ex = await s.send(9, method, group.path, {
    headers: JSON_HEADERS,
    body: oversizedBody(),
    expectContinue: true,
  });
  if (!ex) return;
  const res = ex.response;
  if (!res) {
    if (ex.uploadCut)
      return s.skip(ex, 'the server closed the connection during the upload, sending no answer');
    s.findings.add('body-too-large', ex, `${ex.label} with 10 MiB: ${ex.error ?? 'no answer'}.`, group.path);
    return;
  }
  const reason = s.precedence(res.status, 'body', group.synthetic);
  if (reason) return s.skip(ex, reason);
  if (res.status !== 413)
    s.findings.add(
      'body-too-large',
      ex,
      `${ex.label} with a 10 MiB body → ${res.status}${res.bodySent ? ' (the whole body was read)' : ''}.`,
      group.path,
    );
}
