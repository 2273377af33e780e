/**
 * A mistake in how statuskit is called or configured: raised to the developer, never sent to a client.
 * Every instance has a stable `code` (`ERR_STATUSKIT_*`) and a message that ends with how to fix it.
 *
 * @example
 * try { new HttpError(999) } catch (e) { if (e instanceof StatuskitConfigError) console.log(e.code) }
 */
export class StatuskitConfigError extends Error {
  /** Stable machine code, e.g. `ERR_STATUSKIT_INVALID_STATUS`. */
  readonly code: `ERR_STATUSKIT_${string}`;
  /** How to fix it, in one sentence. */
  readonly hint: string;

  constructor(code: `ERR_STATUSKIT_${string}`, problem: string, hint: string) {
    super(`${problem} Fix: ${hint}`);
    this.code = code;
    this.hint = hint;
  }

  override get name(): string {
    return 'StatuskitConfigError';
  }
}
