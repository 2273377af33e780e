import { STATUS_ENTRIES } from './registry.js';
import type { StatusConstants } from './status.generated.js';

/**
 * Every registered status code by constant name. Hover a constant for its phrase, meaning, when
 * to use it and its RFC section. Built from the registry, typed by `StatusConstants`.
 *
 * @example
 * res.statusCode = Status.NOT_FOUND; // 404
 */
export const Status: StatusConstants = Object.freeze(
  Object.fromEntries(STATUS_ENTRIES.map((e) => [e.constant, e.code])),
) as unknown as StatusConstants;
