// Koa 3 with @koa/router, without statuskit. direct: ctx.status/ctx.body (baseline); anchor: ctx.throw(404)
// (http-errors) answered by an error middleware writing JSON; json: ctx.body with the envelope.
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['direct', 'anchor', 'json'] as const);
const app = new Koa();
const router = new Router();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const err = error as { status?: number; expose?: boolean; message: string };
    ctx.status = err.status ?? 500;
    ctx.body = { error: err.expose ? err.message : 'Internal server error' };
  }
});
router.get('/ok', (ctx) => {
  ctx.body = { success: 'OK', data: NOTE };
});
router.get('/notes/:id', (ctx) => {
  if (mode === 'anchor') ctx.throw(404, 'Not found');
  ctx.status = 404;
  ctx.body = { error: 'Not found' };
});
app.use(router.routes());

listen(createServer(app.callback()));
