// Fastify 5 with the statuskit/fastify plugin. thrown: GET /notes/:id throws NotFoundError and
// GET /ok answers with reply.ok; direct: the same app sending both JSON bodies itself.
import Fastify from 'fastify';
import { NotFoundError } from 'statuskit';
import { statuskit } from 'statuskit/fastify';
import { announcePort, NOTE, variant } from './listen.js';

const mode = variant(['thrown', 'direct'] as const);
const app = Fastify({ logger: false });
await app.register(statuskit, { logger: false });

app.get('/notes/:id', async (_request, reply) => {
  if (mode === 'thrown') throw new NotFoundError();
  return reply.code(404).send({ error: 'Not found' });
});
app.get('/ok', async (_request, reply) => {
  if (mode === 'thrown') return reply.ok(NOTE);
  return { success: 'OK', data: NOTE };
});

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
announcePort(typeof address === 'object' && address ? address.port : 0);
