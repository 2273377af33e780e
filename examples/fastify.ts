/**
 * The notes API (docs/design/example-app.md) on Fastify 5 with statuskit/fastify.
 * Start: PORT=3000 npx tsx examples/fastify.ts (RATE_LIMIT=<writes per minute>, default 60)
 */
import Fastify from 'fastify';
import { guard, statuskit } from 'statuskit/fastify';
import { rateLimit } from 'statuskit/guards';
import { BODY_LIMIT, crash, HOST, NoteStore, PORT, RATE_LIMIT, requireWriter } from './notes/notes.js';

type ById = { Params: { id: string } };

const store = new NoteStore();
// Fastify's default refuses ids over 100 characters; the other frameworks route them.
const app = Fastify({ routerOptions: { maxParamLength: 8192 } });
// etag: 200s to GET/HEAD carry an ETag, and a matching If-None-Match gets 304.
await app.register(statuskit, { bodyLimit: BODY_LIMIT, etag: 'strong' });
// One bucket per client for every write: 429 with Retry-After and RateLimit headers past it.
const writes = { preHandler: guard(rateLimit({ limit: RATE_LIMIT, windowMs: 60_000 })) };

app.get('/notes', async (_request, reply) => reply.ok(store.list()));

app.post('/notes', writes, async (request, reply) => {
  requireWriter(request.headers.authorization);
  const note = await store.create(request.body);
  return reply.created(`/notes/${note.id}`, note, { headers: { etag: request.etagFor(note) } });
});

app.get<ById>('/notes/:id', async (request, reply) => reply.ok(store.get(request.params.id)));

app.put<ById>('/notes/:id', writes, async (request, reply) => {
  requireWriter(request.headers.authorization);
  request.preconditions(request.etagFor(store.get(request.params.id))); // a stale If-Match → 412
  const note = await store.replace(request.params.id, request.body);
  return reply.ok(note, { headers: { etag: request.etagFor(note) } });
});

app.delete<ById>('/notes/:id', writes, async (request, reply) => {
  requireWriter(request.headers.authorization);
  store.remove(request.params.id);
  return reply.noContent();
});

app.get('/crash', async () => crash());

await app.listen({ port: PORT, host: HOST });
console.log(`notes API (Fastify) on http://${HOST}:${PORT}`);
