// Fastify 5 without statuskit. direct: reply.code(404).send(...) (baseline); anchor: @fastify/sensible's
// httpErrors.notFound() thrown, answered by Fastify's own error handler; floor: statuskit's
// NotFoundError thrown to the same handler (what any throw costs here); json: the envelope returned.
import sensible from '@fastify/sensible';
import Fastify from 'fastify';
import { NotFoundError } from 'statuskit';
import { announcePort, NOTE, variant } from './listen.js';

const mode = variant(['direct', 'anchor', 'floor', 'json'] as const);
const app = Fastify({ logger: false });
await app.register(sensible);

app.get('/ok', async () => ({ success: 'OK', data: NOTE }));
app.get('/notes/:id', async (_request, reply) => {
  if (mode === 'anchor') throw app.httpErrors.notFound('Not found');
  if (mode === 'floor') throw new NotFoundError();
  return reply.code(404).send({ error: 'Not found' });
});

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
announcePort(typeof address === 'object' && address ? address.port : 0);
