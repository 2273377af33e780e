import { JSON_TYPE, successBody } from '../../core/envelope.js';
import { STATUS_DESCRIPTIONS } from '../../registry/index.js';
import type { Variant } from './prepared.js';

/** The precomputed answers of `GET /codes` and `GET /codes/<code>`. */
export interface CodesApi {
  list: Variant;
  byCode: ReadonlyMap<number, Variant>;
}

function ok(data: unknown): Variant {
  const body = Buffer.from(successBody('OK', data));
  return {
    status: 200,
    headers: {
      'access-control-allow-origin': '*',
      'content-type': JSON_TYPE,
      'content-length': String(body.length),
      'cache-control': 'public, max-age=3600',
    },
    body,
  };
}

/**
 * Builds `/codes` (the registry with descriptions under `data`) and one answer per registered code.
 *
 * @example
 * buildCodesApi().byCode.get(404)?.status // 200
 */
export function buildCodesApi(): CodesApi {
  const byCode = new Map<number, Variant>();
  for (const d of STATUS_DESCRIPTIONS) byCode.set(d.code, ok(d));
  return { list: ok(STATUS_DESCRIPTIONS), byCode };
}
