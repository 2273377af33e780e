/**
 * statuskit for Fastify 5: a plugin that answers errors, unknown routes, wrong methods, bodies and
 * client errors in statuskit's envelope, plus reply decorators for successes.
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeError, MESSAGES } from '../core/describe-error.js';
import type { ResponseParts } from '../core/envelope.js';
import { createErrorResponder } from '../core/error-response.js';
import { HttpError } from '../core/http-error.js';
import { resolveOptions, type StatuskitOptions } from '../core/options.js';
import { isValidPathEncoding, malformedPath } from '../core/request-rules.js';
import { answerUnrouted, requestPath } from '../core/route-table.js';
import { accepted, created, noContent, ok, redirect, type SuccessOptions, success } from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { readJsonBody } from './shared/node-io.js';
import { configureServer } from './shared/server.js';

export type { StatuskitOptions, SuccessOptions };

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Validates the body (or `value`) with a Standard Schema (zod, valibot, arktype); failures are
     * 400 (or `validationStatus`) with `details`.
     * @example const input = await request.validate(z.object({ title: z.string() }))
     */
    validate<S extends StandardSchemaV1>(schema: S, value?: unknown): Promise<InferOutput<S>>;
  }
  interface FastifyReply {
    /** 200 with `data` in the envelope. @example return reply.ok(notes) */
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
    /** Sends response parts from statuskit's builders. @example return reply.sendParts(ok(notes)) */
    sendParts(parts: ResponseParts): this;
  }
}

type FrameworkErrors = (error: Error, request: FastifyRequest, reply: FastifyReply) => void;

/** Writes response parts through the reply, as `writeParts` does for a plain Node response. */
function sendParts(reply: FastifyReply, parts: ResponseParts): FastifyReply {
  reply.code(parts.status);
  for (const name in parts.headers) {
    if (name === 'cache-control' && parts.status >= 400 && reply.hasHeader(name)) continue;
    reply.header(name, parts.headers[name]);
  }
  if (parts.body === undefined && parts.status !== 205) {
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
  }
  return reply.send(parts.body);
}

function noLengthWithoutContent(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
) {
  if (reply.statusCode === 204 || reply.statusCode === 304) reply.removeHeader('content-length');
  done(null, payload);
}

/** Fastify keeps its server options under a private symbol; `frameworkErrors` is read from there per error. */
function serverOptionsOf(instance: object): { frameworkErrors?: FrameworkErrors } | undefined {
  for (let o: object | null = instance; o !== null; o = Object.getPrototypeOf(o)) {
    const key = Object.getOwnPropertySymbols(o).find((s) => s.description === 'fastify.options');
    if (key) return (o as Record<symbol, { frameworkErrors?: FrameworkErrors }>)[key];
  }
  return undefined;
}

function statuskitPlugin(fastify: FastifyInstance, options: StatuskitOptions, done: (err?: Error) => void) {
  const resolved = resolveOptions(options);
  const respond = createErrorResponder(resolved);
  const fail = (request: FastifyRequest, reply: FastifyReply, error: unknown) =>
    sendParts(reply, respond(error, request.headers.accept));

  fastify.setErrorHandler(function statuskitErrorHandler(error, request, reply) {
    if (reply.raw.headersSent) {
      if (resolved.logger) resolved.logger.error(error, 'statuskit: error after headers were sent');
      reply.raw.destroy();
      return;
    }
    if (resolved.validationStatus === 422 && (error as { code?: unknown }).code === 'FST_ERR_VALIDATION') {
      const { details } = describeError(error);
      error = new HttpError(422, MESSAGES.validation, details ? { details } : {});
    }
    return fail(request, reply, error);
  });

  fastify.setNotFoundHandler(function statuskitNotFound(request, reply) {
    const path = requestPath(request.raw.url);
    if (!isValidPathEncoding(path)) return fail(request, reply, malformedPath());
    const handled = fastify.supportedMethods.filter((method) => fastify.findRoute({ method, url: path }));
    try {
      return sendParts(reply, answerUnrouted(request.method, handled));
    } catch (error) {
      return fail(request, reply, error);
    }
  });

  // Bad percent-encoding and over-long parameters are answered by Fastify's router before any hook;
  // `frameworkErrors` is the only way in, and it is a server option, so set it when the app did not.
  const serverOptions = serverOptionsOf(fastify);
  if (serverOptions && !serverOptions.frameworkErrors) {
    serverOptions.frameworkErrors = (error, request, reply) => fail(request, reply, error);
  }

  // One body reader for every content type: 415 for non-JSON, 413 early and on overflow, 400 malformed.
  // GET is read too (Fastify skips its body), so a body sent with GET gets the same answers.
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  if (typeof fastify.addHttpMethod === 'function') {
    fastify.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  }
  // Requests no route takes are not read: they get 404 or 405 whatever their body.
  const parseJson = (request: FastifyRequest) =>
    request.is404 ? Promise.resolve(undefined) : readJsonBody(request.raw, resolved.bodyLimit);
  for (const type of ['*', /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i]) {
    if (!fastify.hasContentTypeParser(type)) fastify.addContentTypeParser(type, parseJson);
  }

  // Fastify's HEAD routes set `Content-Length: 0` when GET sends no body, even on 204 and 304.
  fastify.addHook('onRoute', function statuskitHeadRoute(route) {
    if (route.method !== 'HEAD' || !route.onSend) return;
    route.onSend = [route.onSend, noLengthWithoutContent].flat();
  });

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
  fastify.decorateReply('ok', function (this: FastifyReply, data?: unknown, opts?: SuccessOptions) {
    return sendParts(this, ok(data, opts));
  });
  fastify.decorateReply(
    'created',
    function (this: FastifyReply, location: string, data?: unknown, opts?: SuccessOptions) {
      return sendParts(this, created(location, data, opts));
    },
  );
  fastify.decorateReply('accepted', function (this: FastifyReply, data?: unknown, opts?: SuccessOptions) {
    return sendParts(this, accepted(data, opts));
  });
  fastify.decorateReply('noContent', function (this: FastifyReply, opts?: Pick<SuccessOptions, 'headers'>) {
    return sendParts(this, noContent(opts));
  });
  fastify.decorateReply(
    'success',
    function (this: FastifyReply, status: number, data?: unknown, opts?: SuccessOptions) {
      return sendParts(this, success(status, data, opts));
    },
  );
  fastify.decorateReply(
    'redirectTo',
    function (this: FastifyReply, location: string, status?: number, opts?: SuccessOptions) {
      return sendParts(this, redirect(location, status, opts));
    },
  );
  fastify.decorateReply('sendParts', function (this: FastifyReply, parts: ResponseParts) {
    return sendParts(this, parts);
  });
  done();
}

/**
 * The statuskit plugin for Fastify 5. Register it before your routes; it applies to the whole
 * instance (no `fastify-plugin` needed). It sets the error handler and the not-found handler (404,
 * 405 with `Allow`, OPTIONS → 204, 501), reads every request body as JSON within `bodyLimit`,
 * answers Node's client errors and bad URLs in the envelope, and adds reply decorators `ok`,
 * `created`, `accepted`, `noContent`, `success` and `redirectTo`.
 *
 * @example
 * import Fastify from 'fastify';
 * import { statuskit } from 'statuskit/fastify';
 *
 * const app = Fastify();
 * await app.register(statuskit, { bodyLimit: 100_000 });
 * app.get('/notes', async (request, reply) => reply.ok(await listNotes()));
 */
export const statuskit = Object.assign(statuskitPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'statuskit',
  [Symbol.for('plugin-meta')]: { name: 'statuskit', fastify: '5.x' },
});
