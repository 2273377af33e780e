/**
 * The notes API (CONTRACT §6) on Express 5 with statuskit/express.
 * Start: PORT=3000 npx tsx examples/express.ts
 */
import express from 'express';
import { configureServer, statuskit } from 'statuskit/express';
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

const options = { bodyLimit: BODY_LIMIT };
const store = new NoteStore();
const sk = statuskit(options);
const app = express();
app.use(sk.start);

app.get('/notes', (_req, res) => res.ok(store.list()));

app.post('/notes', async (req, res) => {
  requireWriter(req.get('authorization'));
  const note = await store.create(req.body);
  res.created(`/notes/${note.id}`, note, { headers: { etag: etagOf(note) } });
});

app.get('/notes/:id', (req, res) => {
  const note = store.get(req.params.id);
  const etag = etagOf(note);
  if (notModified(req.get('if-none-match'), etag)) return res.success(304, undefined, { headers: { etag } });
  res.ok(note, { headers: { etag } });
});

app.put('/notes/:id', async (req, res) => {
  requireWriter(req.get('authorization'));
  const note = await store.replace(req.params.id, req.body, req.get('if-match'));
  res.ok(note, { headers: { etag: etagOf(note) } });
});

app.delete('/notes/:id', (req, res) => {
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
