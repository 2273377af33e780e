/**
 * statuskit for Fastify 5: a plugin that answers errors, unknown routes, wrong methods, bodies and
 * client errors in statuskit's envelope, plus reply decorators for successes. Guards run app-wide
 * (`guards` option, in an `onRequest` hook) or per route (`preHandler: guard(...)`); `etag` and
 * `deadlineMs` work as on every adapter.
 *
 * Fastify internals this adapter touches (written against Fastify 5.12): the server options under
 * the `fastify.options` symbol, to set `frameworkErrors`; the reply's headers under the
 * `fastify.reply.headers` symbol, checked before an error answer; the `clientError` listener named
 * `bound defaultClientErrorHandler`, replaced by statuskit's; `addHttpMethod` to read GET and HEAD
 * bodies; `onRoute` to wrap HEAD routes' `onSend` and, with a deadline, route handlers, and to mark
 * each route's options object for {@link openapiTransform}; `reply.raw` for the deadline's sink.
 *
 * @module
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  preHandlerHookHandler,
} from 'fastify';
import { describeError, MESSAGES } from '../core/describe-error.js';
import { type ResponseParts, successBodyJson } from '../core/envelope.js';
import { createErrorResponder, INTERNAL_ERROR } from '../core/error-response.js';
import { isHeaderName, isSafeHeaderValue } from '../core/headers.js';
import { HttpError, isHttpError } from '../core/http-error.js';
import { type ResolvedOptions, resolveOptions } from '../core/options.js';
import { statusMessage } from '../core/registry.js';
import { isValidPathEncoding, malformedPath } from '../core/request-rules.js';
import { requestPath, unroutedAnswer } from '../core/route-table.js';
import { accepted, created, noContent, ok, redirect, type SuccessOptions, success } from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { planWrite } from '../core/write-plan.js';
import { type AdapterOptions, joinGuards, resolveGuardOptions } from '../guards/adapter-options.js';
import { checkPreconditions, conditionalSuccess, etagForData } from '../guards/conditional-response.js';
import { startDeadline } from '../guards/deadline.js';
import { nodeGuardRequest } from '../guards/request.js';
import type { Guard } from '../guards/types.js';
import { markGuardHook, markRoute, type OpenapiTransform, openapiTransform } from './fastify-openapi.js';
import { nodePreconditions } from './shared/guard-io.js';
import { runGuardStep, writableGuardHeader } from './shared/guard-step.js';
import { discardLateResponse, isDiscarded, readJsonBody } from './shared/node-io.js';
import { configureServer } from './shared/server.js';

export type { AdapterOptions, OpenapiTransform };
export { openapiTransform };

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Validates the body (or `value`) with a Standard Schema (zod, valibot, arktype); failures are
     * 400 (or `validationStatus`) with `details`.
     * @example const input = await request.validate(z.object({ title: z.string() }))
     */
    validate<S extends StandardSchemaV1>(schema: S, value?: unknown): Promise<InferOutput<S>>;
    /**
     * Throws 412 when `If-Match` / `If-None-Match` / `If-Unmodified-Since` fail against the
     * resource's current ETag (`undefined`: it does not exist).
     * @example request.preconditions(request.etagFor(note))
     */
    preconditions(currentEtag: string | undefined, lastModified?: Date): void;
    /**
     * The ETag `reply.ok(data)` sends on GET under the `etag` option (strong when off).
     * @example reply.ok(note, { headers: { etag: request.etagFor(note) } })
     */
    etagFor(data: unknown): string;
  }
  interface FastifyReply {
    /** 200 with `data` in the envelope (ETag / 304 with the `etag` option). @example return reply.ok(notes) */
    ok(data?: unknown, options?: SuccessOptions): this;
    /** 201 with `Location` and `data`. @example return reply.created(`/notes/${note.id}`, note) */
    created(location: string, data?: unknown, options?: SuccessOptions): this;
    /** 202 with `data`. @example return reply.accepted({ job: '/jobs/7' }) */
    accepted(data?: unknown, options?: SuccessOptions): this;
    /** 204, no body. @example return reply.noContent() */
    noContent(options?: Pick<SuccessOptions, 'headers'>): this;
    /** Any 1xx–3xx code in the envelope. @example return reply.success(203, data) */
    success(status: number, data?: unknown, options?: SuccessOptions): this;
    /**
     * A redirect (default 302) with `Location` and a success body; Fastify's own `redirect` sends none.
     * @example return reply.redirectTo('/notes/1', 303)
     */
    redirectTo(location: string, status?: number, options?: SuccessOptions): this;
    /** Sends response parts from statuskit's builders (with the `etag` option applied). @example return reply.sendParts(ok(notes)) */
    sendParts(parts: ResponseParts): this;
  }
}

type FrameworkErrors = (error: Error, request: FastifyRequest, reply: FastifyReply) => void;

/** Writes response parts through the reply as the write plan says, as `writeParts` does on a Node response. */
function sendParts(reply: FastifyReply, parts: ResponseParts): FastifyReply {
  const plan = planWrite(parts, reply.request.method, false); // Fastify frames the content itself
  reply.code(plan.status);
  if (plan.phrase !== undefined) reply.raw.statusMessage = plan.phrase;
  for (const name of plan.remove) reply.removeHeader(name);
  for (const name in plan.headers) {
    if (!(plan.yields.includes(name) && reply.hasHeader(name))) reply.header(name, plan.headers[name]);
  }
  // Fastify's HEAD routes drop the content themselves and keep its length.
  return reply.send(plan.content);
}

/**
 * Sends an error answer and never fails: Fastify checks no header until it writes the head, so a
 * header the handler set that Node would refuse is dropped (and logged) first; if sending still
 * throws, the generic 500 goes out with no header of the handler's.
 */
function sendError(
  reply: FastifyReply,
  parts: ResponseParts,
  logger: ResolvedOptions['logger'],
): FastifyReply {
  const own = replyHeaders(reply);
  for (const name in own) {
    const value = own[name];
    const values = Array.isArray(value) ? value : [value];
    if (isHeaderName(name) && values.every((v) => typeof v === 'number' || isSafeHeaderValue(v))) continue;
    reply.removeHeader(name);
    if (logger)
      logger.error(
        new Error(`header ${JSON.stringify(name)}`),
        'statuskit: a header the handler set cannot be written; left out of the error answer',
      );
  }
  try {
    return sendParts(reply, parts);
  } catch (failure) {
    if (logger)
      logger.error(failure, 'statuskit: the error answer could not be written; answered the generic 500');
    for (const name in reply.getHeaders()) reply.removeHeader(name);
    return sendParts(reply, INTERNAL_ERROR);
  }
}

/** The route's response-schema serializer for a status (its exact code, else its class, `2xx`). */
function schemaSerializer(reply: FastifyReply, status: number): ((data: unknown) => string) | undefined {
  const get = (
    reply as { getSerializationFunction?: (status: string) => ((data: unknown) => string) | undefined }
  ).getSerializationFunction;
  if (typeof get !== 'function') return undefined;
  return get.call(reply, String(status)) ?? get.call(reply, `${Math.floor(status / 100)}xx`);
}

function noLengthWithoutContent(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
) {
  const bodiless = planWrite({ status: reply.statusCode, headers: {}, body: '' }, 'HEAD');
  if (bodiless.remove.includes('content-length')) reply.removeHeader('content-length');
  done(null, payload);
}

let headersKey: symbol | undefined;

/**
 * The headers the handler set through the reply, unchecked until Fastify writes the head: read
 * from the reply's own store (`getHeaders()` would copy them and Node's on every error).
 */
function replyHeaders(reply: FastifyReply): Record<string, unknown> {
  headersKey ??= Object.getOwnPropertySymbols(reply).find((s) => s.description === 'fastify.reply.headers');
  const own =
    headersKey === undefined ? undefined : (reply as unknown as Record<symbol, unknown>)[headersKey];
  return typeof own === 'object' && own !== null ? (own as Record<string, unknown>) : reply.getHeaders();
}

/** Fastify keeps its server options under a private symbol; `frameworkErrors` is read from there per error. */
function serverOptionsOf(instance: object): { frameworkErrors?: FrameworkErrors } | undefined {
  for (let o: object | null = instance; o !== null; o = Object.getPrototypeOf(o)) {
    const key = Object.getOwnPropertySymbols(o).find((s) => s.description === 'fastify.options');
    if (key) return (o as Record<symbol, { frameworkErrors?: FrameworkErrors }>)[key];
  }
  return undefined;
}

/**
 * Runs a guard for a request: its headers go on the reply (so on every answer), and `done` gets
 * its error (answered by the plugin's error handler) or nothing. Synchronous when the guard is.
 */
function runGuard(guard: Guard, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const refused = runGuardStep(guard, nodeGuardRequest(request.raw), reply, setReplyHeader);
  if (refused instanceof Promise) refused.then((error) => finish(error, done));
  else finish(refused, done);
}

/** Fastify checks no header until it writes the head: a guard's header is checked here. */
function setReplyHeader(reply: FastifyReply, name: string, value: string): void {
  reply.header(name, writableGuardHeader(name, value));
}

function finish(error: unknown, done: HookHandlerDoneFunction): void {
  if (error === undefined) done();
  else done(error as Error);
}

/**
 * A route's guards as a Fastify `preHandler` hook: they run in order after the body was read and
 * before the handler; the first error answers (429, 503…) through the plugin's error handler, and
 * headers such as RateLimit go on every answer. Guards may answer through a Promise (Redis).
 *
 * @example
 * import { rateLimit } from 'statuskit/guards';
 * import { guard } from 'statuskit/fastify';
 *
 * const writes = guard(rateLimit({ limit: 60, windowMs: 60_000 }));
 * app.post('/notes', { preHandler: writes }, async (request, reply) => reply.created('/notes/1', request.body));
 */
export function guard(...guards: Guard[]): preHandlerHookHandler {
  const joined = joinGuards('guard', 'guards', guards);
  const hook: preHandlerHookHandler = function statuskitGuard(request, reply, done) {
    if (joined) runGuard(joined, request, reply, done);
    else done();
  };
  return markGuardHook(hook, joined?.statuses ?? []); // for openapiTransform's 429 and 503
}

/** What the success helpers send once the `etag` setting is applied: the parts, or the error (412). */
function conditional(
  mode: 'strong' | 'weak',
  request: FastifyRequest,
  reply: FastifyReply,
  parts: ResponseParts,
) {
  const preset = reply.getHeader('etag');
  return conditionalSuccess(
    parts,
    nodePreconditions(request.raw),
    mode,
    typeof preset === 'string' ? preset : undefined,
  );
}

/** The plugin itself: a bad option fails `register()` (it rejects) instead of throwing during boot. */
function statuskitPlugin(fastify: FastifyInstance, options: AdapterOptions, done: (err?: Error) => void) {
  try {
    install(fastify, options);
  } catch (error) {
    done(error as Error);
    return;
  }
  done();
}

function install(fastify: FastifyInstance, options: AdapterOptions): void {
  const resolved = resolveOptions(options);
  const guards = resolveGuardOptions(options);
  const respond = createErrorResponder(resolved);
  const fail = (request: FastifyRequest, reply: FastifyReply, error: unknown) =>
    sendError(reply, respond(error, request.headers.accept), resolved.logger);
  const mode = guards.etag;
  /** Sends success parts with the `etag` setting applied (ETag, 304, or 412 on a failed If-Match). */
  const sendSuccess = (reply: FastifyReply, parts: ResponseParts): FastifyReply => {
    if (mode === false) return sendParts(reply, parts);
    const out = conditional(mode, reply.request, reply, parts);
    return isHttpError(out) ? fail(reply.request, reply, out) : sendParts(reply, out);
  };

  fastify.setErrorHandler(function statuskitErrorHandler(error, request, reply) {
    // Answered already at the deadline: a 5xx from the late handler is only logged.
    if (isDiscarded(reply.raw)) return void respond(error);
    if (reply.raw.headersSent) {
      if (resolved.logger) resolved.logger.error(error, 'statuskit: error after headers were sent');
      reply.raw.destroy();
      return;
    }
    if (resolved.validationStatus === 422 && (error as { code?: unknown }).code === 'FST_ERR_VALIDATION') {
      const { details } = describeError(error);
      error = new HttpError(422, MESSAGES.validation, details ? { details } : {});
    }
    // Sent here and nothing returned: a returned reply would be awaited as a thenable by Fastify.
    fail(request, reply, error);
  });

  // App-wide guards run first for every request, routed or not, before the body is read.
  const appGuard = guards.guard;
  if (appGuard) {
    fastify.addHook('onRequest', function statuskitGuards(request, reply, next) {
      runGuard(appGuard, request, reply, next);
    });
  }

  // The handler deadline starts once the body has been read: 503 through the reply, then the raw
  // response becomes a sink so whatever the handler sends later is dropped.
  const deadline = guards.deadline;
  if (deadline) {
    fastify.addHook('preHandler', function statuskitDeadline(request, reply, next) {
      if (!request.is404) {
        const raw = reply.raw;
        const running = startDeadline(
          deadline.ms,
          (error) => {
            if (reply.sent || raw.headersSent || raw.destroyed) return;
            fail(request, reply, error);
            if (raw.writableEnded) discardLateResponse(raw);
            else raw.once('finish', () => discardLateResponse(raw));
          },
          { retryAfter: deadline.retryAfter },
        );
        raw.once('close', () => running.cancel());
      }
      next();
    });
  }

  fastify.setNotFoundHandler(function statuskitNotFound(request, reply) {
    const path = requestPath(request.raw.url);
    if (!isValidPathEncoding(path)) {
      fail(request, reply, malformedPath());
      return;
    }
    const handled = fastify.supportedMethods.filter((method) => fastify.findRoute({ method, url: path }));
    const answer = unroutedAnswer(request.method, handled);
    if (isHttpError(answer)) fail(request, reply, answer);
    else sendParts(reply, answer);
  });

  // Bad percent-encoding and over-long parameters are answered by Fastify's router before any hook;
  // `frameworkErrors` is the only way in, and it is a server option, so set it when the app did not.
  const serverOptions = serverOptionsOf(fastify);
  if (serverOptions && !serverOptions.frameworkErrors) {
    serverOptions.frameworkErrors = (error, request, reply) => {
      fail(request, reply, error);
    };
  }

  if (resolved.readBodies) {
    // One body reader for every content type: 415 for non-JSON, 413 early and on overflow, 400 malformed.
    // GET and HEAD are read too (Fastify skips their bodies), so a body sent with them gets the same answers.
    fastify.removeContentTypeParser(['application/json', 'text/plain']);
    if (typeof fastify.addHttpMethod === 'function') {
      fastify.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
      fastify.addHttpMethod('HEAD', { hasBody: true, overrideExisting: true });
    }
    // Requests no route takes are not read: they get 404 or 405 whatever their body.
    const parseJson = (request: FastifyRequest) =>
      request.is404 ? Promise.resolve(undefined) : readJsonBody(request.raw, resolved);
    for (const type of ['*', /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i]) {
      if (!fastify.hasContentTypeParser(type)) fastify.addContentTypeParser(type, parseJson);
    }
  }

  // What statuskit answers on each route, for openapiTransform (registration time only).
  const mark = {
    guards: [...(guards.guard?.statuses ?? []), ...(deadline ? [503] : [])],
    validationStatus: resolved.validationStatus,
  };
  fastify.addHook('onRoute', function statuskitOpenapiMark(route) {
    markRoute(route, mark);
  });

  // Fastify's HEAD routes set `Content-Length: 0` when GET sends no body, even on 204 and 304.
  fastify.addHook('onRoute', function statuskitHeadRoute(route) {
    if (route.method !== 'HEAD' || !route.onSend) return;
    route.onSend = [route.onSend, noLengthWithoutContent].flat();
  });

  // Once the deadline has answered, Fastify hands a handler's late failure to no error handler:
  // statuskit's responder hears of it, so it is logged as on every adapter.
  if (deadline) {
    fastify.addHook('onRoute', function statuskitLateErrors(route) {
      const handler = route.handler as (this: unknown, ...args: unknown[]) => unknown;
      const late = (error: unknown, reply: FastifyReply) => {
        if (!isDiscarded(reply.raw)) throw error;
        respond(error);
        return reply;
      };
      route.handler = function statuskitHandler(this: unknown, request, reply) {
        let result: unknown;
        try {
          result = handler.call(this, request, reply);
        } catch (error) {
          return late(error, reply);
        }
        if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return result;
        return (result as Promise<unknown>).then(undefined, (error: unknown) => late(error, reply));
      };
    });
  }

  // Fastify answers Node's client errors in its own JSON; statuskit's listener takes over.
  for (const listener of fastify.server.listeners('clientError')) {
    if (listener.name === 'bound defaultClientErrorHandler')
      fastify.server.off('clientError', listener as never);
  }
  configureServer(fastify.server, resolved);

  fastify.decorateRequest(
    'validate',
    function (this: FastifyRequest, schema: StandardSchemaV1, value: unknown = this.body) {
      return validate(schema, value, { status: resolved.validationStatus });
    },
  );
  fastify.decorateRequest(
    'preconditions',
    function (this: FastifyRequest, currentEtag: string | undefined, lastModified?: Date) {
      checkPreconditions(nodePreconditions(this.raw), currentEtag, lastModified);
    },
  );
  fastify.decorateRequest('etagFor', (data: unknown) => etagForData(data, mode));
  /**
   * Sends a helper's success: with a response schema for the status on the route, `data` goes
   * through it (fields it does not declare are dropped, as for a returned object).
   */
  const helper = (reply: FastifyReply, parts: ResponseParts, data: unknown, opts?: SuccessOptions) => {
    if (data === undefined || parts.body === undefined) return sendSuccess(reply, parts);
    const serialize = schemaSerializer(reply, parts.status);
    if (!serialize) return sendSuccess(reply, parts);
    const message = opts?.message ?? statusMessage(parts.status);
    return sendSuccess(reply, { ...parts, body: successBodyJson(message, serialize(data)) });
  };
  fastify.decorateReply('ok', function (this: FastifyReply, data?: unknown, opts?: SuccessOptions) {
    return helper(this, ok(data, opts), data, opts);
  });
  fastify.decorateReply(
    'created',
    function (this: FastifyReply, location: string, data?: unknown, opts?: SuccessOptions) {
      return helper(this, created(location, data, opts), data, opts);
    },
  );
  fastify.decorateReply('accepted', function (this: FastifyReply, data?: unknown, opts?: SuccessOptions) {
    return helper(this, accepted(data, opts), data, opts);
  });
  fastify.decorateReply('noContent', function (this: FastifyReply, opts?: Pick<SuccessOptions, 'headers'>) {
    return sendSuccess(this, noContent(opts));
  });
  fastify.decorateReply(
    'success',
    function (this: FastifyReply, status: number, data?: unknown, opts?: SuccessOptions) {
      return helper(this, success(status, data, opts), data, opts);
    },
  );
  fastify.decorateReply(
    'redirectTo',
    function (this: FastifyReply, location: string, status?: number, opts?: SuccessOptions) {
      return sendSuccess(this, redirect(location, status, opts));
    },
  );
  fastify.decorateReply('sendParts', function (this: FastifyReply, parts: ResponseParts) {
    return sendSuccess(this, parts);
  });
}

/**
 * The statuskit plugin for Fastify 5. Register it before your routes; it applies to the whole
 * instance (no `fastify-plugin` needed). It sets the error handler and the not-found handler (404,
 * 405 with `Allow`, OPTIONS → 204, 501), reads every request body as JSON within `bodyLimit`,
 * answers Node's client errors and bad URLs in the envelope, and adds reply decorators `ok`,
 * `created`, `accepted`, `noContent`, `success`, `redirectTo` and `sendParts`, and request
 * decorators `validate`, `preconditions` and `etagFor`. The guard options (`guards`, `etag`,
 * `deadlineMs`) are those of every adapter; route guards come from {@link guard}.
 *
 * @example
 * import Fastify from 'fastify';
 * import { maintenance } from 'statuskit/guards';
 * import { statuskit } from 'statuskit/fastify';
 *
 * const app = Fastify();
 * await app.register(statuskit, { bodyLimit: 100_000, etag: 'strong', guards: [maintenance()] });
 * app.get('/notes', async (request, reply) => reply.ok(await listNotes()));
 */
export const statuskit = Object.assign(statuskitPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'statuskit',
  [Symbol.for('plugin-meta')]: { name: 'statuskit', fastify: '5.x' },
});
