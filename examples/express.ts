/**
 * The notes API (docs/design/example-app.md) on Express 5 with statuskit/express.
 * Start: PORT=3000 npx tsx examples/express.ts (RATE_LIMIT=<writes per minute>, default 60)
 */
import express from 'express';
import { configureServer, statuskit } from 'statuskit/express';
import { rateLimit } from 'statuskit/guards';
import { BODY_LIMIT, crash, HOST, NoteStore, PORT, RATE_LIMIT, requireWriter } from './notes/notes.js';

// etag: 200s to GET/HEAD carry an ETag, and a matching If-None-Match gets 304.
const options = { bodyLimit: BODY_LIMIT, etag: 'strong' as const };
const store = new NoteStore();
const sk = statuskit(options);
// One bucket per client for every write: 429 with Retry-After and RateLimit headers past it.
const writes = sk.guard(rateLimit({ limit: RATE_LIMIT, windowMs: 60_000 }));
const app = express();
app.use(sk.start);

app.get('/notes', (_req, res) => res.ok(store.list()));

app.post('/notes', writes, async (req, res) => {
  requireWriter(req.get('authorization'));
  const note = await store.create(req.body);
  res.created(`/notes/${note.id}`, note, { headers: { etag: req.etagFor(note) } });
});

app.get('/notes/:id', (req, res) => res.ok(store.get(req.params.id)));

app.put('/notes/:id', writes, async (req, res) => {
  requireWriter(req.get('authorization'));
  req.preconditions(req.etagFor(store.get(req.params.id))); // a stale If-Match → 412
  const note = await store.replace(req.params.id, req.body);
  res.ok(note, { headers: { etag: req.etagFor(note) } });
});

app.delete('/notes/:id', writes, (req, res) => {
  requireWriter(req.get('authorization'));
  store.remove(req.params.id);
  res.noContent();
});

app.get('/crash', () => crash());

app.use(sk.end);
configureServer(
  app.listen(PORT, HOST, () => console.log(`notes API (Express) on http://${HOST}:${PORT}`)),
  options,
);
