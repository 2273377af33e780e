/**
 * statuskit's answers in the OpenAPI document @fastify/swagger generates: a `transform` that wraps
 * each route's success schemas in the success envelope and adds the error answers statuskit gives
 * on the route, in the error envelope. Documentation only: the route's own schemas, which Fastify
 * validates and serialises with, are never changed.
 *
 * @fastify/swagger internals this reads (written against @fastify/swagger 9.9): the `transform`
 * option's argument `{ schema, url, route }`, where `route` is the object Fastify's `onRoute` hooks
 * saw, so the mark statuskit's own `onRoute` hook leaves on it is there.
 *
 * @module
 */
import { getStatus, statusMessage } from '../core/registry.js';

const MARK = Symbol.for('statuskit.fastify.route');

/** What statuskit's plugin knows about a route's answers, left on the route by its `onRoute` hook. */
interface RouteMark {
  /** Statuses the app-wide guards and the deadline answer (429, 503). */
  guards: readonly number[];
  /** The status of a failed schema validation (400 or 422). */
  validationStatus: number;
}

/** Marks a route (Fastify's route options) with what the plugin answers on it. */
export function markRoute(route: object, mark: RouteMark): void {
  Object.defineProperty(route, MARK, { value: mark, configurable: true });
}

const GUARD_STATUSES = Symbol.for('statuskit.fastify.guardStatuses');

/** Marks a route guard hook with the statuses its guards answer. */
export function markGuardHook<F extends object>(hook: F, statuses: readonly number[]): F {
  Object.defineProperty(hook, GUARD_STATUSES, { value: statuses });
  return hook;
}

/**
 * What @fastify/swagger passes to its `transform` option and takes back (its `SwaggerTransform`,
 * written structurally so statuskit does not depend on @fastify/swagger's types).
 *
 * @example
 * const same: OpenapiTransform = ({ schema, url }) => ({ schema, url });
 */
export type OpenapiTransform = (input: { schema: any; url: string; route: any; [key: string]: unknown }) => {
  schema: any;
  url: string;
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'What went wrong, for people; a 5xx says only its status.' },
    code: { type: 'string', description: 'A stable machine code, when the error has one.' },
    details: {
      type: 'array',
      description: 'The problems found, e.g. one per invalid field.',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

/** What statuskit adds to the registry's message of a status it answers on a route. */
const WHY: Record<number, string> = {
  400: 'malformed JSON or URL encoding, or failed validation (under validationStatus 400)',
  413: 'the body is over the body limit',
  415: 'a media type, charset or content coding the route does not take',
  429: 'with Retry-After and the RateLimit fields',
  503: 'with Retry-After',
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function errorResponse(status: number) {
  const why = WHY[status];
  return { description: why ? `${statusMessage(status)}: ${why}` : statusMessage(status), ...ERROR_SCHEMA };
}

/** A route's declared success schema, which the reply helpers send as `data`, in the envelope. */
function successResponse(data: any) {
  const { description, ...schema } = (data ?? {}) as Record<string, unknown>;
  return {
    description: typeof description === 'string' ? description : 'Success',
    type: 'object',
    required: ['success'],
    properties: {
      success: { type: 'string', description: "The status's message, e.g. OK or Created." },
      data: schema,
    },
  };
}

/** A response key for a status whose answers carry no body (204, 205, 304: the registry says). */
function bodiless(key: string): boolean {
  return /^\d{3}$/.test(key) && getStatus(Number(key))?.bodyAllowed === false;
}

function isSuccessKey(key: string): boolean {
  return /^2(?:\d\d|xx)$/i.test(key) && !bodiless(key);
}

/** The statuses statuskit may answer on a route, from its method, path, schema and guards. */
function routeStatuses(route: any, schema: any): number[] {
  const mark = route?.[MARK] as RouteMark | undefined;
  const methods: string[] = [route?.method ?? []].flat();
  const statuses = new Set<number>([400, 500]);
  if (/[:*]/.test(String(route?.url ?? ''))) statuses.add(404);
  // Fastify's own parser answers 413 and 415 where statuskit's does not (readBodies: false)
  if (methods.some((m) => BODY_METHODS.has(m)) || schema?.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (mark?.validationStatus === 422 && (schema?.body || schema?.querystring || schema?.params)) {
    statuses.add(422);
  }
  for (const status of mark?.guards ?? []) statuses.add(status);
  for (const hook of [route?.preHandler ?? [], route?.onRequest ?? []].flat()) {
    for (const status of (hook as { [GUARD_STATUSES]?: number[] })?.[GUARD_STATUSES] ?? []) {
      statuses.add(status);
    }
  }
  return [...statuses].sort((a, b) => a - b);
}

/**
 * A `transform` for @fastify/swagger that documents statuskit's answers on every route: each
 * success schema the route declares is what the reply helpers send as `data`, so it is shown inside
 * the success envelope `{ success, data }` (a route that declares none gets `2XX` with any `data`);
 * and the errors statuskit answers on the route are added in the error envelope
 * `{ error, code?, details? }` where the route does not declare them itself: 400 and 500 on every
 * route, 404 on a path with parameters (assumed: the item may not exist), 413 and 415 on POST, PUT
 * and PATCH and on a route with a `body` schema, 422 under
 * `validationStatus: 422`, 429 and 503 where statuskit's guards run (the `guards` option, the
 * `deadlineMs` option, {@link guard} in `preHandler`). Only the document changes: Fastify still
 * validates and serialises with the route's own schemas. Pass your own transform (e.g. a type
 * provider's) as `next`: it runs first. Assumes the routes answer through the reply helpers
 * (`reply.ok()`, `reply.created()`…) and by throwing, as statuskit's apps do.
 *
 * @example
 * import swagger from '@fastify/swagger';
 * import { openapiTransform, statuskit } from 'statuskit/fastify';
 *
 * await app.register(statuskit);
 * await app.register(swagger, { openapi: { info: { title: 'Notes', version: '1.0.0' } }, transform: openapiTransform() });
 * // app.swagger().paths['/notes/{id}'].get.responses: 200 { success, data }, 400, 404, 500 { error, code, details }
 */
export function openapiTransform(next?: OpenapiTransform): OpenapiTransform {
  return function statuskitOpenapi(input) {
    const base = next ? next(input) : input;
    const schema = base.schema ?? input.schema;
    const url = base.url ?? input.url;
    const own: Record<string, any> = schema?.response ?? {};
    const response: Record<string, any> = {};
    let success = false;
    for (const key of Object.keys(own)) {
      const declared = own[key];
      const wraps = isSuccessKey(key) && declared && typeof declared === 'object' && !('content' in declared);
      if (isSuccessKey(key)) success = true;
      response[key] = wraps ? successResponse(declared) : declared;
    }
    if (!success && !Object.keys(own).some(bodiless)) {
      response['2xx'] = successResponse({});
    }
    const classes = new Set(Object.keys(own).map((key) => key.toLowerCase()));
    for (const status of routeStatuses(input.route, schema)) {
      if (!(String(status) in own) && !classes.has(`${Math.floor(status / 100)}xx`)) {
        response[status] = errorResponse(status);
      }
    }
    return { schema: { ...schema, response }, url };
  };
}
