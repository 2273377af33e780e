/**
 * The apps of apps.ts as a Cloudflare Worker module (served by workerd, no compatibility flags).
 * workerd runs one instance of this Worker per app, each on its own socket, with the app's name in
 * the `APP` text binding; the app is built on the first request, where the binding is known.
 */
import { buildApp } from './apps.js';

let app: ReturnType<typeof buildApp> | undefined;

export default {
  fetch(request: Request, env: { APP: string }, ctx: unknown) {
    app ??= buildApp(env.APP);
    return app.fetch(request, env as never, ctx as never);
  },
};
