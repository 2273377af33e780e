import type { HttpError } from '../index.js';
import type { Guard, GuardDecision, GuardRequest, GuardResult } from './types.js';

/**
 * Runs guards in order as one guard: headers from every guard that ran are merged, the first
 * error stops the chain (later guards do not run, so a shed request costs no rate-limit token).
 * Stays synchronous while every guard answers synchronously.
 *
 * @example
 * const guard = combineGuards(maintenanceSwitch, shedder, limiter);
 * app.use(statuskit({ guards: [guard] }).start); // or pass the three: the adapters combine them
 */
export function combineGuards(...guards: Guard[]): Guard {
  const list = guards.filter((g): g is Guard => g !== undefined && g !== null);
  return {
    name: `combineGuards(${list.map((g) => g.name).join(', ')})`,
    needsClientAddress: list.some((g) => g.needsClientAddress === true),
    statuses: [...new Set(list.flatMap((g) => g.statuses ?? []))],
    check(request) {
      return run(list, 0, request, undefined);
    },
    async close() {
      for (const g of list) await g.close?.();
    },
  };
}

function run(
  guards: readonly Guard[],
  start: number,
  request: GuardRequest,
  acc: GuardDecision | undefined,
): GuardResult | Promise<GuardResult> {
  for (let i = start; i < guards.length; i++) {
    const result = guards[i]!.check(request);
    if (result instanceof Promise) {
      return result.then((r) => {
        const merged = merge(acc, r);
        return merged?.error ? merged : run(guards, i + 1, request, merged);
      });
    }
    acc = merge(acc, result);
    if (acc?.error) return acc;
  }
  return acc;
}

function merge(a: GuardDecision | undefined, b: GuardResult): GuardDecision | undefined {
  if (b === undefined) return a;
  if (a === undefined) return b;
  const headers = a.headers && b.headers ? { ...a.headers, ...b.headers } : (b.headers ?? a.headers);
  const out: { headers?: Readonly<Record<string, string>>; error?: HttpError } = {};
  if (headers) out.headers = headers;
  if (b.error) out.error = b.error;
  return out;
}
