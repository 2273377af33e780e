/**
 * Runs the differential property over adapters already listening: shared by the test and by
 * `npm run fuzz -- --differential <count>`.
 */
import fc from 'fast-check';
import {
  type Answer,
  ask,
  type DiffRequest,
  differences,
  diffRequestArb,
  whatwgTarget,
} from './differential.js';

/** An adapter's fixture app, listening. */
export interface DiffTarget {
  label: string;
  port: number;
}

/** Adapters whose router dispatches the WHATWG-normalised target (Hono's Web `Request` URL). */
const NORMALISING = new Set(['Hono']);
/** The adapter every other is compared with. */
const REFERENCE = 'node:http';

export interface DiffReport {
  cases: number;
  failures: string[];
  summary: string;
}

function envelopeProblem(req: DiffRequest, answer: Answer): string | undefined {
  if (req.method === 'HEAD' || answer.body === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(answer.body, 'latin1').toString('utf8'));
  } catch {
    return `a body that is not JSON: ${JSON.stringify(answer.body.slice(0, 120))}`;
  }
  const first = Object.keys(body as object)[0];
  const problem = answer.headers['content-type']?.startsWith('application/problem+json');
  if (problem)
    return (body as { status?: unknown }).status === answer.status ? undefined : 'problem status differs';
  const expected = answer.status >= 400 ? 'error' : 'success';
  return first === expected ? undefined : `an envelope whose first member is ${first}, not ${expected}`;
}

/**
 * Sends `cases` generated requests to every target. For each, the reference adapter's answer is
 * the expectation: every other adapter must give the same, except that a normalising adapter is
 * held to the reference's answer for the normalised target (when the two targets differ).
 */
export async function runDifferential(
  targets: readonly DiffTarget[],
  options: { cases: number; seed?: number; onProgress?: (done: number) => void },
): Promise<DiffReport> {
  const reference = targets.find((t) => t.label === REFERENCE);
  if (!reference) throw new Error(`the reference adapter ${REFERENCE} is not among the targets`);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let done = 0;
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const samples = fc.sample(diffRequestArb, { numRuns: options.cases, seed });
  for (const req of samples) {
    const expected = await ask(reference.port, req);
    statuses.set(expected.status, (statuses.get(expected.status) ?? 0) + 1);
    const problems: string[] = [];
    const envelope = envelopeProblem(req, expected);
    if (envelope) problems.push(`${REFERENCE}: ${envelope}`);
    const normalised = whatwgTarget(req.target);
    const expectedNormalised =
      normalised === req.target ? expected : await ask(reference.port, { ...req, target: normalised });
    for (const target of targets) {
      if (target === reference) continue;
      let actual: Answer;
      try {
        actual = await ask(target.port, req);
      } catch (error) {
        problems.push(`${target.label}: no answer (${(error as Error).message})`);
        continue;
      }
      const against = NORMALISING.has(target.label) ? expectedNormalised : expected;
      for (const d of differences(against, actual)) problems.push(`${target.label}: ${d}`);
    }
    if (problems.length > 0) {
      failures.push(`${JSON.stringify(req)} (seed ${seed})\n  ${problems.join('\n  ')}`);
      if (failures.length >= 10) break;
    }
    done++;
    if (options.onProgress && done % 1000 === 0) options.onProgress(done);
  }
  const byStatus = [...statuses]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return {
    cases: done,
    failures,
    summary: `${done} requests × ${targets.length} adapters, seed ${seed}, ${failures.length} differing; statuses ${byStatus}`,
  };
}
