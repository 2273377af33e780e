import { namesFor } from './names.js';
import { RAW_ENTRIES } from './registry.generated.js';
import type { StatusClass, StatusInfo } from './registry-types.js';

const CLASSES: readonly StatusClass[] = [
  'informational',
  'success',
  'redirection',
  'client-error',
  'server-error',
];

function toEntry(raw: (typeof RAW_ENTRIES)[number]): StatusInfo {
  const [code, phrase, registration, flags] = raw;
  const { message, constant, errorClass } = namesFor(code, phrase);
  return {
    code,
    phrase,
    message,
    class: CLASSES[Math.floor(code / 100) - 1]!,
    registration,
    constant,
    errorClass,
    bodyAllowed: (flags & 1) !== 0,
    cacheable: (flags & 2) !== 0,
    noStore: (flags & 4) !== 0,
    retryable: (flags & 8) !== 0,
    restricted: (flags & 16) !== 0,
    redirect: (flags & 32) !== 0,
  };
}

/**
 * Every registered status code, in ascending order, in the lean core view ({@link StatusInfo});
 * `statuskit/registry` adds references and descriptions.
 *
 * @example
 * STATUS_ENTRIES.filter((e) => e.class === 'client-error').length // 29
 */
export const STATUS_ENTRIES: readonly StatusInfo[] = RAW_ENTRIES.map(toEntry);

const BY_CODE: (StatusInfo | undefined)[] = new Array(600);
for (const e of STATUS_ENTRIES) {
  BY_CODE[e.code] = e;
}

/**
 * The registry entry for a code, or `undefined` when the code is not registered.
 *
 * @example
 * getStatus(404)?.message // 'Not found'
 */
export function getStatus(code: number): StatusInfo | undefined {
  return Number.isInteger(code) ? BY_CODE[code] : undefined;
}

/**
 * The default message statuskit sends for a code: the registry's sentence-case message, or the
 * message of the class's x00 code for an unregistered code in range.
 *
 * @example
 * statusMessage(429) // 'Too many requests'
 */
export function statusMessage(code: number): string {
  return (BY_CODE[code] ?? BY_CODE[Math.floor(code / 100) * 100])?.message ?? 'Unknown status';
}

/**
 * The IANA phrase for a code (`Not Found`), or `Error` for an unregistered one.
 *
 * @example
 * statusPhrase(413) // 'Content Too Large'
 */
export function statusPhrase(code: number): string {
  return BY_CODE[code]?.phrase ?? 'Error';
}

/**
 * True for an integer from 100 to 599, the only codes statuskit ever writes.
 *
 * @example
 * isValidStatus(600) // false
 */
export function isValidStatus(code: unknown): code is number {
  return typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599;
}

/** @example isInformational(103) // true */
export const isInformational = (code: number): boolean => code >= 100 && code < 200;
/** @example isSuccess(201) // true */
export const isSuccess = (code: number): boolean => code >= 200 && code < 300;
/** @example isRedirect(308) // true */
export const isRedirect = (code: number): boolean => code >= 300 && code < 400;
/** @example isClientError(404) // true */
export const isClientError = (code: number): boolean => code >= 400 && code < 500;
/** @example isServerError(503) // true */
export const isServerError = (code: number): boolean => code >= 500 && code < 600;
/** @example isError(404) // true */
export const isError = (code: number): boolean => code >= 400 && code < 600;
