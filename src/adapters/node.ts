/**
 * statuskit for plain `node:http`: a small route table with `:param` patterns whose handlers get
 * the parsed JSON body and success helpers, and answer 404, 405 with `Allow`, OPTIONS, HEAD and 501
 * by themselves. Anything a handler throws is answered in the envelope.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ResponseParts } from '../core/envelope.js';
import { resolveOptions, type StatuskitOptions } from '../core/options.js';
import { isValidPathEncoding, malformedPath } from '../core/request-rules.js';
import { answerUnrouted, RouteTable, requestPath } from '../core/route-table.js';
import * as build from '../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../core/validate.js';
import { createErrorWriter } from './shared/error-writer.js';
import { readJsonBody, requestHasBody, writeParts } from './shared/node-io.js';
import { configureServer } from './shared/server.js';

export { configureServer };

/** The names of the `:param` segments of a pattern: `'id' | 'tag'` for `/notes/:id/tags/:tag`. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/**
 * What a handler gets besides `req` and `res`: path parameters, query, the parsed JSON body and
 * helpers that write a success in the envelope.
 *
 * @example
 * app.post('/notes', (req, res, ctx) => ctx.created('/notes/1', ctx.body))
 */
export class RequestContext<Name extends string = string> {
  /** Decoded path parameters, e.g. `{ id: '7' }` for `/notes/:id`. */
  readonly params: Readonly<Record<Name, string>>;
  /** The JSON body, parsed before the handler runs; `undefined` when the request has none. */
  readonly body: unknown;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #validationStatus: 400 | 422;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<Name, string>,
    body: unknown,
    validationStatus: 400 | 422,
  ) {
    this.#req = req;
    this.#res = res;
    this.params = params;
    this.body = body;
    this.#validationStatus = validationStatus;
  }

  /** The query string, parsed. @example ctx.query.get('page') */
  get query(): URLSearchParams {
    const url = this.#req.url ?? '';
    const q = url.indexOf('?');
    return new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  }

  /** Writes any response parts (from `ok()`, `created()`, … of `statuskit`). @example ctx.send(ok(notes)) */
  send(parts: ResponseParts): void {
    writeParts(this.#req, this.#res, parts);
  }
  /** 200 with `data`. @example ctx.ok(notes) */
  ok(data?: unknown, options?: build.SuccessOptions): void {
    this.send(build.ok(data, options));
  }
  /** 201 with `Location`. @example ctx.created(`/notes/${note.id}`, note) */
  created(location: string, data?: unknown, options?: build.SuccessOptions): void {
    this.send(build.created(location, data, options));
  }
  /** 202. @example ctx.accepted({ job: 7 }) */
  accepted(data?: unknown, options?: build.SuccessOptions): void {
    this.send(build.accepted(data, options));
  }
  /** 204, no body. @example ctx.noContent() */
  noContent(options?: Pick<build.SuccessOptions, 'headers'>): void {
    this.send(build.noContent(options));
  }
  /** A redirect (default 302). @example ctx.redirect('/notes', 303) */
  redirect(location: string, status?: number, options?: build.SuccessOptions): void {
    this.send(build.redirect(location, status, options));
  }
  /** Any 1xx–3xx success. @example ctx.success(203, data) */
  success(status: number, data?: unknown, options?: build.SuccessOptions): void {
    this.send(build.success(status, data, options));
  }
  /**
   * Validates the body (or `value`) with a Standard Schema; failures are 400 (or the configured
   * `validationStatus`) with `details`.
   *
   * @example
   * const input = await ctx.validate(z.object({ title: z.string() }))
   */
  validate<S extends StandardSchemaV1>(schema: S, value: unknown = this.body): Promise<InferOutput<S>> {
    return validate(schema, value, { status: this.#validationStatus });
  }
}

/** A route handler; it may throw or reject, and the error is answered in the envelope. */
export type NodeHandler<Name extends string = string> = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext<Name>,
) => unknown;

type Route = <P extends string>(pattern: P, handler: NodeHandler<ParamNames<P>>) => NodeApp;

/** An app made by {@link createApp}. */
export interface NodeApp {
  get: Route;
  post: Route;
  put: Route;
  patch: Route;
  delete: Route;
  /** Routes any method token. @example app.route('OPTIONS', '/items', handler) */
  route<P extends string>(method: string, pattern: P, handler: NodeHandler<ParamNames<P>>): NodeApp;
  /** The request listener: `http.createServer(app.handler)`. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts a server on `port` (default 3000) and `host` with {@link configureServer} applied. */
  listen(port?: number, host?: string): Promise<Server>;
}

/**
 * Creates a `node:http` app. Bodies of matched routes are read and parsed as JSON before the
 * handler runs (415, 413 and 400 are answered for it). HEAD runs the GET handler without the body.
 *
 * @example
 * const app = createApp({ bodyLimit: 100_000 });
 * app.get('/notes/:id', (req, res, ctx) => ctx.ok({ id: ctx.params.id }));
 * await app.listen(3000, '127.0.0.1');
 */
export function createApp(options: StatuskitOptions = {}): NodeApp {
  const resolved = resolveOptions(options);
  const routes = new RouteTable<NodeHandler<any>>();
  const writeError = createErrorWriter(resolved);

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = requestPath(req.url);
      if (!isValidPathEncoding(path)) throw malformedPath();
      const method = req.method ?? 'GET';
      const hit = routes.match(method, path);
      if (!hit) return writeParts(req, res, answerUnrouted(method, routes.methodsFor(path)));
      const body = requestHasBody(req) ? await readJsonBody(req, resolved.bodyLimit) : undefined;
      await hit.handler(req, res, new RequestContext(req, res, hit.params, body, resolved.validationStatus));
    } catch (error) {
      writeError(req, res, error);
    }
  }

  const app: NodeApp = {
    route(method, pattern, handler) {
      routes.add(method, pattern, handler);
      return app;
    },
    get: (pattern, handler) => app.route('GET', pattern, handler),
    post: (pattern, handler) => app.route('POST', pattern, handler),
    put: (pattern, handler) => app.route('PUT', pattern, handler),
    patch: (pattern, handler) => app.route('PATCH', pattern, handler),
    delete: (pattern, handler) => app.route('DELETE', pattern, handler),
    handler: function statuskitHandler(req, res) {
      void dispatch(req, res);
    },
    listen(port = 3000, host) {
      const server = configureServer(createServer(app.handler), resolved);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server);
        });
      });
    },
  };
  return app;
}
