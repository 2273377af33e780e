/**
 * A posts API on Hono 4 as its docs show it (Getting Started, Node.js): c.json(), c.req.json(),
 * `c.json({ message }, 404)`, served with @hono/node-server.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { CorpusApp } from './app.js';
import { recordsOf } from './app.js';

export const ROUTES = ['GET,POST /posts', 'GET,PUT,DELETE /posts/{id}'];

interface Post {
  id: string;
  title: string;
}

export async function start(): Promise<CorpusApp> {
  const app = new Hono();
  const posts: Post[] = [{ id: '1', title: 'Hello Hono' }];

  app.get('/posts', (c) => c.json(posts));
  app.get('/posts/:id', (c) => {
    const post = posts.find((p) => p.id === c.req.param('id'));
    if (!post) return c.json({ message: 'Not Found' }, 404);
    return c.json(post);
  });
  app.post('/posts', async (c) => {
    const body = await c.req.json<{ title: string }>();
    const post = { id: String(posts.length + 1), title: body.title };
    posts.push(post);
    return c.json(post, 201);
  });
  app.put('/posts/:id', async (c) => {
    const post = posts.find((p) => p.id === c.req.param('id'));
    if (!post) return c.json({ message: 'Not Found' }, 404);
    const body = await c.req.json<{ title: string }>();
    post.title = body.title;
    return c.json(post);
  });
  app.delete('/posts/:id', (c) => {
    const index = posts.findIndex((p) => p.id === c.req.param('id'));
    if (index === -1) return c.json({ message: 'Not Found' }, 404);
    posts.splice(index, 1);
    return c.body(null, 204);
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    records: async () => recordsOf({ posts }),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
