import { StatuskitConfigError } from '../index.js';
import type { GuardLogger } from './types.js';

/** @internal Throws `ERR_STATUSKIT_INVALID_OPTION` naming the option, what was given and the fix. */
export function invalidOption(where: string, name: string, value: unknown, hint: string): never {
  const shown = typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
  throw new StatuskitConfigError(
    'ERR_STATUSKIT_INVALID_OPTION',
    `${where}: option ${name} is invalid (got ${shown}).`,
    hint,
  );
}

/** @internal A positive finite number, or the default when undefined. */
export function positiveNumber(
  where: string,
  name: string,
  value: number | undefined,
  fallback: number,
  hint: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    invalidOption(where, name, value, hint);
  }
  return value;
}

/** @internal A function, or undefined. */
export function optionalFunction<F>(
  where: string,
  name: string,
  value: F | undefined,
  hint: string,
): F | undefined {
  if (value !== undefined && typeof value !== 'function') invalidOption(where, name, value, hint);
  return value;
}

/** @internal The logger to use: `console` by default, none for `false`. */
export function resolveLogger(
  where: string,
  logger: GuardLogger | false | undefined,
): GuardLogger | undefined {
  if (logger === false) return undefined;
  const chosen = logger ?? console;
  if (typeof chosen?.error !== 'function') {
    invalidOption(where, 'logger', '(no error method)', 'pass console, a pino logger, or false.');
  }
  return chosen;
}

/** @internal A list of exempt paths: exact paths, or prefixes written with a trailing `*`. */
export function pathMatcher(where: string, paths: readonly string[] | undefined): (path: string) => boolean {
  if (paths === undefined || paths.length === 0) return () => false;
  if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string' || !p.startsWith('/'))) {
    invalidOption(
      where,
      'exemptPaths',
      paths,
      "pass paths that start with '/', e.g. ['/health', '/internal/*'].",
    );
  }
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const p of paths) {
    if (p.endsWith('*')) prefixes.push(p.slice(0, -1));
    else exact.add(p);
  }
  return (path) => exact.has(path) || prefixes.some((p) => path.startsWith(p));
}
