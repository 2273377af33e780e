/** The portable Hono fixture app served by Bun.serve on 127.0.0.1:$PORT; prints `listening <url>`. */
import Boom from '@hapi/boom';
import { createPortableHonoApp } from './hono-app.js';

declare const Bun: {
  serve(options: { port: number; hostname: string; fetch: (request: Request, server: unknown) => unknown }): {
    url: URL;
  };
};
declare const process: { env: Record<string, string | undefined> };

const app = createPortableHonoApp(undefined, { boomConflict: () => Boom.conflict('Boom conflict') });
const server = Bun.serve({ port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1', fetch: app.fetch });
console.log(`listening ${server.url.origin}`);
