/**
 * Every app of apps.ts served by Deno.serve on 127.0.0.1, each on the port $PORTS (a JSON object
 * of app name → port) gives it; prints `listening` once all are.
 */
import { APP_NAMES, buildApp } from './apps.js';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { port: number; hostname: string; onListen(address: { port: number }): void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): unknown;
};

const ports = JSON.parse(Deno.env.get('PORTS') ?? '{}') as Record<string, number>;
let waiting = APP_NAMES.length;
for (const name of APP_NAMES) {
  const app = buildApp(name);
  Deno.serve(
    {
      port: ports[name]!,
      hostname: '127.0.0.1',
      onListen: () => {
        if (--waiting === 0) console.log('listening');
      },
    },
    (request, info) => app.fetch(request, info as never),
  );
}
