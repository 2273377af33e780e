/** The portable Hono fixture app as a Cloudflare Worker module (served by workerd, no compatibility flags). */
import { createPortableHonoApp } from './hono-app.js';

const app = createPortableHonoApp();

export default { fetch: app.fetch };
