/**
 * The notes API (CONTRACT §6) on plain node:http with statuskit/node.
 * Start: PORT=3000 npx tsx examples/node.ts
 */
import { createApp } from 'statuskit/node';
import {
  BODY_LIMIT,
  crash,
  etagOf,
  HOST,
  NoteStore,
  notModified,
  PORT,
  requireWriter,
} from './notes/notes.js';

const store = new NoteStore();
const app = createApp({ bodyLimit: BODY_LIMIT });

app.get('/notes', (_req, _res, ctx) => ctx.ok(store.list()));

app.post('/notes', async (req, _res, ctx) => {
  requireWriter(req.headers.authorization);
  const note = await store.create(ctx.body);
  ctx.created(`/notes/${note.id}`, note, { headers: { etag: etagOf(note) } });
});

app.get('/notes/:id', (req, _res, ctx) => {
  const note = store.get(ctx.params.id);
  const etag = etagOf(note);
  if (notModified(req.headers['if-none-match'], etag))
    return ctx.success(304, undefined, { headers: { etag } });
  ctx.ok(note, { headers: { etag } });
});

app.put('/notes/:id', async (req, _res, ctx) => {
  requireWriter(req.headers.authorization);
  const note = await store.replace(ctx.params.id, ctx.body, req.headers['if-match']);
  ctx.ok(note, { headers: { etag: etagOf(note) } });
});

app.delete('/notes/:id', (req, _res, ctx) => {
  requireWriter(req.headers.authorization);
  store.remove(ctx.params.id);
  ctx.noContent();
});

app.get('/crash', () => crash());

await app.listen(PORT, HOST);
console.log(`notes API (node:http) on http://${HOST}:${PORT}`);
