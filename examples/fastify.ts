/**
 * The notes API (CONTRACT §6) on Fastify 5 with statuskit/fastify.
 * Start: PORT=3000 npx tsx examples/fastify.ts
 */
import Fastify from 'fastify';
import { statuskit } from 'statuskit/fastify';
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

type ById = { Params: { id: string } };

const store = new NoteStore();
const app = Fastify({ maxParamLength: 8192 }); // Fastify's default refuses ids over 100 characters
await app.register(statuskit, { bodyLimit: BODY_LIMIT });

app.get('/notes', async (_request, reply) => reply.ok(store.list()));

app.post('/notes', async (request, reply) => {
  requireWriter(request.headers.authorization);
  const note = await store.create(request.body);
  return reply.created(`/notes/${note.id}`, note, { headers: { etag: etagOf(note) } });
});

app.get<ById>('/notes/:id', async (request, reply) => {
  const note = store.get(request.params.id);
  const etag = etagOf(note);
  if (notModified(request.headers['if-none-match'], etag)) {
    return reply.success(304, undefined, { headers: { etag } });
  }
  return reply.ok(note, { headers: { etag } });
});

app.put<ById>('/notes/:id', async (request, reply) => {
  requireWriter(request.headers.authorization);
  const note = await store.replace(request.params.id, request.body, request.headers['if-match']);
  return reply.ok(note, { headers: { etag: etagOf(note) } });
});

app.delete<ById>('/notes/:id', async (request, reply) => {
  requireWriter(request.headers.authorization);
  store.remove(request.params.id);
  return reply.noContent();
});

app.get('/crash', async () => crash());

await app.listen({ port: PORT, host: HOST });
console.log(`notes API (Fastify) on http://${HOST}:${PORT}`);
