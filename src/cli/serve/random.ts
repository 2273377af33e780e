/** The most codes one `/random/…` spec may list. */
export const MAX_RANDOM_CODES = 50;
/** The largest weight of one code. */
export const MAX_WEIGHT = 1_000_000;

/** A parsed `/random/…` spec: codes and their cumulative weights, ready to draw from. */
export interface RandomSpec {
  codes: number[];
  /** Running totals of the weights, same order as `codes`. */
  cumulative: number[];
  total: number;
}

/**
 * Parses `200,503` (equal weights) or `200:90,503:10` (weighted; a code without a weight counts 1).
 * Returns a string naming the problem when the spec is malformed.
 *
 * @example
 * parseRandomSpec('200:90,503:10') // { codes: [200, 503], cumulative: [90, 100], total: 100 }
 * parseRandomSpec('200,abc') // 'random: "abc" is not a status code from 100 to 599.'
 */
export function parseRandomSpec(spec: string): RandomSpec | string {
  let text: string;
  try {
    text = decodeURIComponent(spec);
  } catch {
    return 'random: the code list is not valid percent-encoding.';
  }
  const parts = text.split(',');
  if (text === '' || parts.length > MAX_RANDOM_CODES)
    return `random needs from 1 to ${MAX_RANDOM_CODES} codes, e.g. /random/200,503 or /random/200:90,503:10.`;
  const codes: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const part of parts) {
    const [codeText = '', weightText, extra] = part.trim().split(':');
    const shown = JSON.stringify(part.trim().slice(0, 24));
    if (!/^[1-5]\d\d$/.test(codeText)) return `random: ${shown} is not a status code from 100 to 599.`;
    if (extra !== undefined) return `random: ${shown} has more than one weight.`;
    const weight = weightText === undefined ? 1 : /^\d{1,7}$/.test(weightText) ? Number(weightText) : -1;
    if (weight < 0 || weight > MAX_WEIGHT)
      return `random: the weight in ${shown} must be a whole number from 0 to ${MAX_WEIGHT}.`;
    total += weight;
    codes.push(Number(codeText));
    cumulative.push(total);
  }
  if (total === 0) return 'random: at least one code needs a weight above 0.';
  return { codes, cumulative, total };
}

/**
 * Draws one code; `draw` is a number in [0, 1) (default `Math.random()`).
 *
 * @example
 * pickRandom(parseRandomSpec('200:1,503:1') as RandomSpec, 0.75) // 503
 */
export function pickRandom(spec: RandomSpec, draw: number = Math.random()): number {
  const target = draw * spec.total;
  for (let i = 0; i < spec.codes.length; i++) {
    if (target < spec.cumulative[i]!) return spec.codes[i]!;
  }
  return spec.codes[spec.codes.length - 1]!;
}
