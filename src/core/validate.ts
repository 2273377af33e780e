import { MESSAGES } from './describe-error.js';
import type { ErrorDetail } from './http-error.js';
import { HttpError } from './http-error.js';

/**
 * The Standard Schema v1 interface that zod, valibot, arktype and others implement
 * (standardschema.dev). Any schema of those libraries fits; statuskit depends on none of them.
 *
 * @example
 * const schema: StandardSchemaV1<unknown, { title: string }> = z.object({ title: z.string() });
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * The output type of a Standard Schema: what {@link validate} resolves to.
 *
 * @example
 * const NoteInput = z.object({ title: z.string() });
 * type NoteInput = InferOutput<typeof NoteInput>; // { title: string }
 */
export type InferOutput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['output'];

/**
 * Options of {@link validate}.
 *
 * @example
 * await validate(schema, body, { status: 422 }); // 422 instead of 400 on failure
 */
export interface ValidateOptions {
  /** 400 (default) or 422. */
  status?: 400 | 422;
}

function toDetails(issues: ReadonlyArray<StandardIssue>): ErrorDetail[] {
  return issues.map((issue) => ({
    path: (issue.path ?? []).map((p) => String(typeof p === 'object' && p !== null ? p.key : p)).join('.'),
    message: issue.message,
  }));
}

/**
 * The error for failed validation: 400 (or 422) `Validation failed` with one detail per issue,
 * for validators that report issues themselves (a validator middleware's hook, say).
 *
 * @example
 * throw validationError([{ path: ['title'], message: 'Required' }]) // details: [{ path: 'title', ... }]
 */
export function validationError(issues: ReadonlyArray<StandardIssue>, status: 400 | 422 = 400): HttpError {
  return new HttpError(status, MESSAGES.validation, { details: toDetails(issues) });
}

/**
 * Validates a value with any Standard Schema library. Resolves to the parsed value, or rejects
 * with a 400 (or 422) `HttpError` whose `details` list each issue with its path.
 *
 * @example
 * const note = await validate(z.object({ title: z.string().min(1) }), body);
 */
export async function validate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  options?: ValidateOptions,
): Promise<InferOutput<S>> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues) throw validationError(result.issues, options?.status);
  return result.value as InferOutput<S>;
}
