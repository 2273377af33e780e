/**
 * The notes API (docs/design/example-app.md) on Hono 4 with statuskit/hono, served on Node by statuskit/hono/node.
 * Start: PORT=3000 npx tsx examples/hono.ts (RATE_LIMIT=<writes per minute>, default 60)
 */
import { Hono } from 'hono';
import { rateLimit } from 'statuskit/guards';
import { created, etagFor, guard, noContent, ok, preconditions, readJson, statuskit } from 'statuskit/hono';
import { serve } from 'statuskit/hono/node';
import { BODY_LIMIT, crash, HOST, NoteStore, PORT, RATE_LIMIT, requireWriter } from './notes/notes.js';

const store = new NoteStore();
// etag: 200s to GET/HEAD carry an ETag, and a matching If-None-Match gets 304.
const app = statuskit(new Hono(), { bodyLimit: BODY_LIMIT, etag: 'strong' });
// One bucket per client for every write: 429 with Retry-After and RateLimit headers past it.
const writes = guard(rateLimit({ limit: RATE_LIMIT, windowMs: 60_000 }));

app.get('/notes', (c) => ok(c, store.list()));

// The body was read before the handler (415 / 413 / 400 already answered); readJson returns it.
app.post('/notes', writes, async (c) => {
  requireWriter(c.req.header('authorization'));
  const note = await store.create(await readJson(c));
  return created(c, `/notes/${note.id}`, note, { headers: { etag: etagFor(c, note) } });
});

app.get('/notes/:id', (c) => ok(c, store.get(c.req.param('id'))));

app.put('/notes/:id', writes, async (c) => {
  requireWriter(c.req.header('authorization'));
  preconditions(c, etagFor(c, store.get(c.req.param('id')))); // a stale If-Match → 412
  const note = await store.replace(c.req.param('id'), await readJson(c));
  return ok(c, note, { headers: { etag: etagFor(c, note) } });
});

app.delete('/notes/:id', writes, (c) => {
  requireWriter(c.req.header('authorization'));
  store.remove(c.req.param('id'));
  return noContent(c);
});

app.get('/crash', () => crash());

serve({ fetch: app.fetch, port: PORT, hostname: HOST }, () =>
  console.log(`notes API (Hono) on http://${HOST}:${PORT}`),
);
