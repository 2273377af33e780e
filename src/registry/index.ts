/**
 * The full registry: every entry with what it means and when to use it, and a search over phrases,
 * legacy phrases and descriptions. Kept out of the core entry so the core stays small.
 *
 * @module
 */
import { findStatus, getStatus, STATUS_ENTRIES } from '../core/registry.js';
import type { StatusEntry } from '../core/registry-types.js';
import { DESCRIPTIONS } from './descriptions.generated.js';

/** A registry entry with its description. */
export interface StatusDescription extends StatusEntry {
  /** What the code tells the client. */
  readonly meaning: string;
  /** When an API should send it. */
  readonly whenToUse: string;
}

const describe = (e: StatusEntry): StatusDescription => {
  const [meaning, whenToUse] = DESCRIPTIONS[e.code] ?? ['', ''];
  return { ...e, meaning, whenToUse };
};

/** Every entry with its description, in ascending order. */
export const STATUS_DESCRIPTIONS: readonly StatusDescription[] = STATUS_ENTRIES.map(describe);

/**
 * One entry with its description, by code, phrase (legacy phrases too) or constant name.
 *
 * @example
 * describeStatus(404)?.whenToUse
 * describeStatus('Payload Too Large')?.code // 413
 */
export function describeStatus(key: number | string): StatusDescription | undefined {
  const entry = typeof key === 'number' || /^\d{3}$/.test(key) ? getStatus(Number(key)) : findStatus(key);
  return entry ? describe(entry) : undefined;
}

/**
 * Entries whose phrase, legacy phrases, message, constant or description contain every word of the
 * query (any case). Phrase matches come first.
 *
 * @example
 * searchStatus('too large').map((e) => e.code) // [413, 431, ...]
 */
export function searchStatus(query: string): StatusDescription[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: [number, StatusDescription][] = [];
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
 * listStatus('5xx').length
 */
export function listStatus(classKey?: `${1 | 2 | 3 | 4 | 5}xx`): StatusDescription[] {
  const digit = classKey ? Number(classKey[0]) : 0;
  return STATUS_DESCRIPTIONS.filter((d) => !digit || Math.floor(d.code / 100) === digit);
}
