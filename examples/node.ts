/**
 * The notes API (docs/design/example-app.md) on plain node:http with statuskit/node.
 * Start: PORT=3000 npx tsx examples/node.ts (RATE_LIMIT=<writes per minute>, default 60)
 */
import { rateLimit } from 'statuskit/guards';
import { createApp } from 'statuskit/node';
import { BODY_LIMIT, crash, HOST, NoteStore, PORT, RATE_LIMIT, requireWriter } from './notes/notes.js';

const store = new NoteStore();
// etag: 200s to GET/HEAD carry an ETag, and a matching If-None-Match gets 304.
const app = createApp({ bodyLimit: BODY_LIMIT, etag: 'strong' });
// One bucket per client for every write: 429 with Retry-After and RateLimit headers past it.
const writes = app.guard(rateLimit({ limit: RATE_LIMIT, windowMs: 60_000 }));

app.get('/notes', (_req, _res, ctx) => ctx.ok(store.list()));

app.post('/notes', writes, async (req, _res, ctx) => {
  requireWriter(req.headers.authorization);
  const note = await store.create(ctx.body);
  ctx.created(`/notes/${note.id}`, note, { headers: { etag: ctx.etagFor(note) } });
});

app.get('/notes/:id', (_req, _res, ctx) => ctx.ok(store.get(ctx.params.id)));

app.put('/notes/:id', writes, async (req, _res, ctx) => {
  requireWriter(req.headers.authorization);
  ctx.preconditions(ctx.etagFor(store.get(ctx.params.id))); // a stale If-Match → 412
  const note = await store.replace(ctx.params.id, ctx.body);
  ctx.ok(note, { headers: { etag: ctx.etagFor(note) } });
});

app.delete('/notes/:id', writes, (req, _res, ctx) => {
  requireWriter(req.headers.authorization);
  store.remove(ctx.params.id);
  ctx.noContent();
});

app.get('/crash', () => crash());

await app.listen(PORT, HOST);
console.log(`notes API (node:http) on http://${HOST}:${PORT}`);
