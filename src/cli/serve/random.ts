/** The most entries (codes or ranges) one `/random/…` spec may list. */
const MAX_RANDOM_CODES = 50;
/** The largest weight of one entry. */
const MAX_WEIGHT = 1_000_000;

/** A parsed `/random/…` spec: entries (a code or a range of codes) and their cumulative weights. */
export interface RandomSpec {
  /** The first code of each entry. */
  low: number[];
  /** The last code of each entry (equal to `low` for a single code). */
  high: number[];
  /** Running totals of the weights, same order as the entries. */
  cumulative: number[];
  total: number;
}

const CODE = /^[1-5]\d\d$/;
const WEIGHT = /^\d{1,7}(?:\.\d{1,6})?$/;

function parseEntry(part: string): { low: number; high: number; weight: number } | string {
  const text = part.trim();
  const shown = JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
  const [codes = '', weightText, extra] = text.split(':');
  if (extra !== undefined) return `random: ${shown} has more than one weight.`;
  const [lowText = '', highText, more] = codes.split('-');
  if (more !== undefined || !CODE.test(lowText) || (highText !== undefined && !CODE.test(highText)))
    return `random: ${shown} is not a status code or a range of codes from 100 to 599 (e.g. 503 or 500-504).`;
  const low = Number(lowText);
  const high = highText === undefined ? low : Number(highText);
  if (high < low) return `random: the range in ${shown} runs backwards; write the lower code first.`;
  const weight = weightText === undefined ? 1 : WEIGHT.test(weightText) ? Number(weightText) : -1;
  if (!(weight >= 0 && weight <= MAX_WEIGHT))
    return `random: the weight in ${shown} must be a number from 0 to ${MAX_WEIGHT} (200:90 or 200:0.7).`;
  return { low, high, weight };
}

/**
 * Parses a `/random/` spec: codes and ranges separated by commas, each with an optional weight
 * after a colon, whole or decimal: `200,503`, `200,500-504`, `200:90,503:10`, `200:0.7,500-599:0.3`.
 * An entry without a weight counts 1; a range's weight is shared by its codes. Returns a string
 * naming the problem when the spec is malformed.
 *
 * @example
 * parseRandomSpec('200:90,500-504:10') // { low: [200, 500], high: [200, 504], cumulative: [90, 100], total: 100 }
 * parseRandomSpec('200,abc') // 'random: "abc" is not a status code or a range of codes from 100 to 599 (e.g. 503 or 500-504).'
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
    return `random needs from 1 to ${MAX_RANDOM_CODES} codes or ranges, e.g. /random/200,500-504 or /random/200:90,503:10.`;
  const result: RandomSpec = { low: [], high: [], cumulative: [], total: 0 };
  for (const part of parts) {
    const entry = parseEntry(part);
    if (typeof entry === 'string') return entry;
    result.total += entry.weight;
    result.low.push(entry.low);
    result.high.push(entry.high);
    result.cumulative.push(result.total);
  }
  if (result.total === 0) return 'random: at least one code needs a weight above 0.';
  return result;
}

/**
 * Draws one code; `draw` is a number in [0, 1) (default `Math.random()`). Within a range every
 * code is equally likely.
 *
 * @example
 * pickRandom(parseRandomSpec('200:1,500-503:1') as RandomSpec, 0.875) // 502
 */
export function pickRandom(spec: RandomSpec, draw: number = Math.random()): number {
  const target = draw * spec.total;
  let i = spec.cumulative.findIndex((c) => target < c);
  if (i === -1) i = spec.cumulative.length - 1;
  const low = spec.low[i]!;
  const span = spec.high[i]! - low + 1;
  if (span === 1) return low;
  const start = i === 0 ? 0 : spec.cumulative[i - 1]!;
  const fraction = (target - start) / (spec.cumulative[i]! - start);
  return low + Math.min(span - 1, Math.floor(fraction * span));
}
