/**
 * A users API on Koa 3 as the @koa/router and @koa/bodyparser READMEs show it: bodyParser(),
 * router.routes() and router.allowedMethods(), ctx.throw(404) for a missing user.
 */

import { createServer } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { type CorpusApp, listen, recordsOf } from './app.js';

export const ROUTES = ['GET,POST /users', 'GET,PUT,DELETE /users/{id}'];

interface User {
  id: number;
  name: string;
}

export async function start(): Promise<CorpusApp> {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  const users: User[] = [
    { id: 1, name: 'Ada' },
    { id: 2, name: 'Grace' },
  ];

  router
    .get('/users', (ctx) => {
      ctx.body = users;
    })
    .post('/users', (ctx) => {
      const user = { id: users.length + 1, name: String((ctx.request.body as { name?: unknown })?.name) };
      users.push(user);
      ctx.status = 201;
      ctx.body = user;
    })
    .get('/users/:id', (ctx) => {
      const user = users.find((u) => u.id === Number(ctx.params.id));
      if (!user) ctx.throw(404, 'User not found');
      ctx.body = user;
    })
    .put('/users/:id', (ctx) => {
      const user = users.find((u) => u.id === Number(ctx.params.id));
      if (!user) return ctx.throw(404, 'User not found');
      Object.assign(user, ctx.request.body);
      ctx.body = user;
    })
    .delete('/users/:id', (ctx) => {
      const index = users.findIndex((u) => u.id === Number(ctx.params.id));
      if (index === -1) ctx.throw(404, 'User not found');
      users.splice(index, 1);
      ctx.status = 204;
    });

  app.use(bodyParser());
  app.use(router.routes()).use(router.allowedMethods());

  const running = await listen(createServer(app.callback()));
  return { ...running, records: async () => recordsOf({ users }) };
}
