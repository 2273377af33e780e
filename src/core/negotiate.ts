const PROBLEM = 'application/problem+json';

function quality(accept: string, type: string): number {
  let best = -1;
  let bestSpecificity = -1;
  const [major] = type.split('/');
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const r = range.trim();
    const specificity = r === type ? 2 : r === `${major}/*` ? 1 : r === '*/*' ? 0 : -1;
    if (specificity < bestSpecificity || specificity < 0) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q' && v !== undefined) q = Number.parseFloat(v) || 0;
    }
    bestSpecificity = specificity;
    best = q;
  }
  return best;
}

/**
 * True when an `Accept` header prefers `application/problem+json` (RFC 9457) to `application/json`.
 *
 * @example
 * prefersProblemJson('application/problem+json') // true
 * prefersProblemJson('application/json, application/problem+json;q=0.5') // false
 */
export function prefersProblemJson(accept: string | undefined | null): boolean {
  if (!accept || !/problem/i.test(accept)) return false;
  const problem = quality(accept, PROBLEM);
  return problem > 0 && problem >= quality(accept, 'application/json');
}
