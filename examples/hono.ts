/**
 * The notes API (CONTRACT §6) on Hono 4 with statuskit/hono, served on Node by statuskit/hono/node.
 * Start: PORT=3000 npx tsx examples/hono.ts
 */
import { Hono } from 'hono';
import { created, noContent, ok, readJson, statuskit, success } from 'statuskit/hono';
import { serve } from 'statuskit/hono/node';
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
const app = statuskit(new Hono(), { bodyLimit: BODY_LIMIT });

app.get('/notes', (c) => ok(c, store.list()));

// The body is read first, as the other adapters do before any handler runs.
app.post('/notes', async (c) => {
  const input = await readJson(c);
  requireWriter(c.req.header('authorization'));
  const note = await store.create(input);
  return created(c, `/notes/${note.id}`, note, { headers: { etag: etagOf(note) } });
});

app.get('/notes/:id', (c) => {
  const note = store.get(c.req.param('id'));
  const etag = etagOf(note);
  if (notModified(c.req.header('if-none-match'), etag))
    return success(c, 304, undefined, { headers: { etag } });
  return ok(c, note, { headers: { etag } });
});

app.put('/notes/:id', async (c) => {
  const input = await readJson(c);
  requireWriter(c.req.header('authorization'));
  const note = await store.replace(c.req.param('id'), input, c.req.header('if-match'));
  return ok(c, note, { headers: { etag: etagOf(note) } });
});

app.delete('/notes/:id', (c) => {
  requireWriter(c.req.header('authorization'));
  store.remove(c.req.param('id'));
  return noContent(c);
});

app.get('/crash', () => crash());

serve({ fetch: app.fetch, port: PORT, hostname: HOST }, () =>
  console.log(`notes API (Hono) on http://${HOST}:${PORT}`),
);
