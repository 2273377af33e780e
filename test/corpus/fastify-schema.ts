/**
 * A todos API on Fastify 5 as its Getting Started and Validation guides show it: async handlers
 * returning objects, a JSON schema on POST, `reply.code(404)` for a missing todo.
 */
import Fastify from 'fastify';
import type { CorpusApp } from './app.js';
import { recordsOf } from './app.js';

export const ROUTES = ['GET,POST /todos', 'GET,DELETE /todos/{id}'];

interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export async function start(): Promise<CorpusApp> {
  const fastify = Fastify({ logger: false });
  const todos: Todo[] = [{ id: 1, title: 'Read the docs', done: false }];

  fastify.get('/todos', async () => todos);

  fastify.get<{ Params: { id: string } }>('/todos/:id', async (request, reply) => {
    const todo = todos.find((t) => t.id === Number(request.params.id));
    if (!todo) return reply.code(404).send({ message: 'Todo not found' });
    return todo;
  });

  const schema = {
    body: {
      type: 'object',
      required: ['title'],
      properties: { title: { type: 'string' }, done: { type: 'boolean' } },
    },
  };
  fastify.post<{ Body: { title: string; done?: boolean } }>('/todos', { schema }, async (request, reply) => {
    const todo = { id: todos.length + 1, title: request.body.title, done: request.body.done ?? false };
    todos.push(todo);
    reply.code(201);
    return todo;
  });

  fastify.delete<{ Params: { id: string } }>('/todos/:id', async (request, reply) => {
    const index = todos.findIndex((t) => t.id === Number(request.params.id));
    if (index === -1) return reply.code(404).send({ message: 'Todo not found' });
    todos.splice(index, 1);
    return reply.code(204).send();
  });

  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fastify.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    records: async () => recordsOf({ todos }),
    close: () => fastify.close(),
  };
}
