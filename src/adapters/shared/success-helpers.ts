import type { ResponseParts } from '../../core/envelope.js';
import * as build from '../../core/success.js';

/** Whatever the success helpers are installed on: it knows how to send response parts. */
interface Sender {
  sendParts(parts: ResponseParts): unknown;
}

/**
 * The success helpers Express (`res`) and Koa (`ctx`) share, written once in terms of the
 * object's own `sendParts` (which each adapter supplies, with its `etag` setting): each returns
 * what `sendParts` returns (`res` on Express, nothing on Koa).
 *
 * @example
 * Object.assign(res, SUCCESS_HELPERS, { sendParts });
 * res.ok(notes);
 */
export const SUCCESS_HELPERS = {
  ok(this: Sender, data?: unknown, options?: build.SuccessOptions) {
    return this.sendParts(build.ok(data, options));
  },
  created(this: Sender, location: string, data?: unknown, options?: build.SuccessOptions) {
    return this.sendParts(build.created(location, data, options));
  },
  accepted(this: Sender, data?: unknown, options?: build.SuccessOptions) {
    return this.sendParts(build.accepted(data, options));
  },
  noContent(this: Sender, options?: Pick<build.SuccessOptions, 'headers'>) {
    return this.sendParts(build.noContent(options));
  },
  redirectTo(this: Sender, location: string, status?: number, options?: build.SuccessOptions) {
    return this.sendParts(build.redirect(location, status, options));
  },
  success(this: Sender, status: number, data?: unknown, options?: build.SuccessOptions) {
    return this.sendParts(build.success(status, data, options));
  },
};
