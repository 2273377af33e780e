/**
 * Every app of apps.ts served by Bun.serve on 127.0.0.1, each on the port $PORTS (a JSON object
 * of app name → port) gives it; prints `listening` once all are.
 */
import { APP_NAMES, buildApp } from './apps.js';

declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    fetch: (request: Request, server: never) => unknown;
  }): unknown;
};
declare const process: { env: Record<string, string | undefined> };

const ports = JSON.parse(process.env.PORTS ?? '{}') as Record<string, number>;
for (const name of APP_NAMES) {
  const app = buildApp(name);
  Bun.serve({ port: ports[name]!, hostname: '127.0.0.1', fetch: app.fetch });
}
console.log('listening');
