import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseParts } from '../../core/envelope.js';
import * as build from '../../core/success.js';
import { type InferOutput, type StandardSchemaV1, validate } from '../../core/validate.js';
import type { ConditionalKit } from './guard-io.js';

/**
 * What a `statuskit/node` handler gets besides `req` and `res`: path parameters, query, the parsed
 * JSON body, helpers that write a success in the envelope, and the precondition check.
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
  readonly #kit: ConditionalKit;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<Name, string>,
    body: unknown,
    validationStatus: 400 | 422,
    kit: ConditionalKit,
  ) {
    this.#req = req;
    this.#res = res;
    this.params = params;
    this.body = body;
    this.#validationStatus = validationStatus;
    this.#kit = kit;
  }

  /** The query string, parsed. @example ctx.query.get('page') */
  get query(): URLSearchParams {
    const url = this.#req.url ?? '';
    const q = url.indexOf('?');
    return new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  }

  /**
   * Writes any response parts (from `ok()`, `created()`, … of `statuskit`); with the `etag` option a
   * 200 to GET/HEAD gets an ETag, or becomes a 304. @example ctx.send(ok(notes))
   */
  send(parts: ResponseParts): void {
    this.#kit.send(this.#req, this.#res, parts);
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
  /**
   * Checks `If-Match` / `If-None-Match` / `If-Unmodified-Since` against the resource's current ETag
   * (`undefined` when it does not exist) and throws 412 when they fail. Call it before changing
   * anything.
   *
   * @example
   * ctx.preconditions(ctx.etagFor(store.get(id)));
   */
  preconditions(currentEtag: string | undefined, lastModified?: Date): void {
    this.#kit.preconditions(this.#req, currentEtag, lastModified);
  }
  /**
   * The ETag `ctx.ok(data)` sends on GET under the app's `etag` option (strong when it is off).
   *
   * @example
   * ctx.ok(note, { headers: { etag: ctx.etagFor(note) } })
   */
  etagFor(data: unknown): string {
    return this.#kit.etagFor(data);
  }
}
