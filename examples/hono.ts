/**
 * The notes API (docs/design/example-app.md) on Hono 4 with statuskit/hono, served on Node by statuskit/hono/node.
 * The app is examples/notes/hono-app.ts, which Bun, Deno and Cloudflare Workers serve too.
 * Start: PORT=3000 npx tsx examples/hono.ts (RATE_LIMIT=<writes per minute>, default 60)
 */
import { serve } from 'statuskit/hono/node';
import { createNotesApp } from './notes/hono-app.js';
import { HOST, PORT } from './notes/notes.js';

const app = createNotesApp();

serve({ fetch: app.fetch, port: PORT, hostname: HOST }, () =>
  console.log(`notes API (Hono) on http://${HOST}:${PORT}`),
);
