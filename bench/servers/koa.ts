// Koa 3 with @koa/router, without statuskit. direct: ctx.status/ctx.body (baseline); anchor: ctx.throw(404)
// (http-errors) answered by an error middleware writing JSON; floor: statuskit's NotFoundError thrown
// to the same middleware (what any throw costs here); json: ctx.body with the envelope.
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { NotFoundError } from 'statuskit';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['direct', 'anchor', 'floor', 'json'] as const);
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
  if (mode === 'floor') throw new NotFoundError();
  ctx.status = 404;
  ctx.body = { error: 'Not found' };
});
app.use(router.routes());

listen(createServer(app.callback()));
