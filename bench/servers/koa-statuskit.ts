// Koa 3 and @koa/router with statuskit/koa (its middleware first). thrown: GET /notes/:id throws
// NotFoundError and GET /ok answers with ctx.ok; direct: the same app writing both JSON bodies itself.
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { NotFoundError } from 'statuskit';
import { statuskit } from 'statuskit/koa';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['thrown', 'direct'] as const);
const app = new Koa();
const router = new Router();

app.use(statuskit({ logger: false }));
router.get('/notes/:id', (ctx) => {
  if (mode === 'thrown') throw new NotFoundError();
  ctx.status = 404;
  ctx.body = { error: 'Not found' };
});
router.get('/ok', (ctx) => {
  if (mode === 'thrown') ctx.ok(NOTE);
  else ctx.body = { success: 'OK', data: NOTE };
});
app.use(router.routes());

listen(createServer(app.callback()));
