/** The portable Hono fixture app served by Deno.serve on 127.0.0.1:$PORT; prints `listening <url>`. */
import Boom from '@hapi/boom';
import { createPortableHonoApp } from './hono-app.js';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { port: number; hostname: string; onListen(address: { port: number }): void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): unknown;
};

const app = createPortableHonoApp(undefined, { boomConflict: () => Boom.conflict('Boom conflict') });
Deno.serve(
  {
    port: Number(Deno.env.get('PORT') ?? 0),
    hostname: '127.0.0.1',
    onListen: ({ port }) => console.log(`listening http://127.0.0.1:${port}`),
  },
  (request, info) => app.fetch(request, info),
);
