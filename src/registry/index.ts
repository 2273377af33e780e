/**
 * The full registry: every entry with its RFC reference, legacy phrases, required and recommended
 * headers, and what it means and when to use it; lookups by phrase (legacy phrases too) and
 * constant name; a search. Kept out of the core entry so the core stays small.
 *
 * Every name below is exported on purpose and documented with an example. The lean lookups
 * (`getStatus`, `statusMessage`, `isRedirect`…) and the `Status` constants are not repeated here:
 * import them from `statuskit`. The data comes from `data/status-codes.json`
 * (see `docs/design/status-rules.md`).
 *
 * @example
 * import { describeStatus } from 'statuskit/registry';
 * describeStatus(429)?.recommendedHeaders; // ['Retry-After', 'RateLimit', 'RateLimit-Policy']
 *
 * @module
 */
import { getStatus, STATUS_ENTRIES } from '../core/registry.js';
import type { StatusInfo } from '../core/registry-types.js';
import { DETAILS } from './details.generated.js';

/**
 * A registry entry with everything the registry knows about it: the lean {@link StatusInfo} of the
 * core plus references, headers and descriptions (`docs/design/status-rules.md` §1).
 *
 * @example
 * const entry: StatusEntry | undefined = describeStatus(405);
 * entry?.requiredHeaders; // ['Allow']
 */
export interface StatusEntry extends StatusInfo {
  /** Where the code is defined, e.g. `RFC 9110 §15.5.5`. */
  readonly ref: string;
  /** Phrases older specifications or other libraries use for the same code. */
  readonly legacyPhrases: readonly string[];
  /** Header fields a response with this code must carry. */
  readonly requiredHeaders: readonly string[];
  /** Header fields a response with this code should carry. */
  readonly recommendedHeaders: readonly string[];
  /** What the code tells the client. */
  readonly meaning: string;
  /** When an API should send it. */
  readonly whenToUse: string;
}

const full = (e: StatusInfo): StatusEntry => {
  const [ref, legacyPhrases, requiredHeaders, recommendedHeaders, meaning, whenToUse] = DETAILS[e.code]!;
  return { ...e, ref, legacyPhrases, requiredHeaders, recommendedHeaders, meaning, whenToUse };
};

/**
 * Every entry with its details, in ascending order of code.
 *
 * @example
 * STATUS_DESCRIPTIONS.filter((e) => e.retryable).map((e) => e.code); // [408, 425, 429, 500, 502, 503, 504]
 */
export const STATUS_DESCRIPTIONS: readonly StatusEntry[] = STATUS_ENTRIES.map(full);

const BY_CODE = new Map(STATUS_DESCRIPTIONS.map((e) => [e.code, e]));
const BY_NAME = new Map<string, StatusEntry>();
const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
for (const e of STATUS_DESCRIPTIONS) {
  for (const name of [e.phrase, e.constant, ...e.legacyPhrases]) BY_NAME.set(normal(name), e);
}

/**
 * Finds an entry by IANA phrase, legacy phrase or constant name, ignoring case and punctuation.
 *
 * @example
 * findStatus('payload too large')?.code // 413
 * findStatus('NOT_FOUND')?.code // 404
 */
export function findStatus(name: string): StatusEntry | undefined {
  return BY_NAME.get(normal(name));
}

/**
 * One entry with its details, by code, phrase (legacy phrases too) or constant name.
 *
 * @example
 * describeStatus(404)?.whenToUse
 * describeStatus('Payload Too Large')?.code // 413
 */
export function describeStatus(key: number | string): StatusEntry | undefined {
  if (typeof key === 'number' || /^\d{3}$/.test(key))
    return getStatus(Number(key)) && BY_CODE.get(Number(key));
  return findStatus(key);
}

/**
 * Entries whose phrase, legacy phrases, message, constant or description contain every word of the
 * query (any case). Phrase matches come first.
 *
 * @example
 * searchStatus('too large').map((e) => e.code) // [413, 414, 431]
 */
export function searchStatus(query: string): StatusEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: [number, StatusEntry][] = [];
  for (const d of STATUS_DESCRIPTIONS) {
    const names = [d.phrase, d.message, d.constant.replace(/_/g, ' '), ...d.legacyPhrases]
      .join(' ')
      .toLowerCase();
    const text = `${names} ${d.meaning} ${d.whenToUse}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) continue;
    scored.push([words.every((w) => names.includes(w)) ? 0 : 1, d]);
  }
  return scored.sort((a, b) => a[0] - b[0] || a[1].code - b[1].code).map(([, d]) => d);
}

/**
 * Entries of one class (`'4xx'`) or all of them.
 *
 * @example
 * listStatus('5xx').length // 11
 */
export function listStatus(classKey?: `${1 | 2 | 3 | 4 | 5}xx`): StatusEntry[] {
  const digit = classKey ? Number(classKey[0]) : 0;
  return STATUS_DESCRIPTIONS.filter((d) => !digit || Math.floor(d.code / 100) === digit);
}
