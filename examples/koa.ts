/**
 * The notes API (CONTRACT §6) on Koa 3 and @koa/router with statuskit/koa.
 * Start: PORT=3000 npx tsx examples/koa.ts
 */
import Router from '@koa/router';
import Koa from 'koa';
import { configureServer, statuskit } from 'statuskit/koa';
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

const options = { bodyLimit: BODY_LIMIT };
const store = new NoteStore();
const app = new Koa();
const router = new Router();
app.use(statuskit(options));

router.get('/notes', (ctx) => ctx.ok(store.list()));

router.post('/notes', async (ctx) => {
  requireWriter(ctx.get('authorization'));
  const note = await store.create(ctx.request.body);
  ctx.created(`/notes/${note.id}`, note, { headers: { etag: etagOf(note) } });
});

router.get('/notes/:id', (ctx) => {
  const note = store.get(ctx.params.id!);
  const etag = etagOf(note);
  if (notModified(ctx.get('if-none-match'), etag)) return ctx.success(304, undefined, { headers: { etag } });
  ctx.ok(note, { headers: { etag } });
});

router.put('/notes/:id', async (ctx) => {
  requireWriter(ctx.get('authorization'));
  const note = await store.replace(ctx.params.id!, ctx.request.body, ctx.get('if-match'));
  ctx.ok(note, { headers: { etag: etagOf(note) } });
});

router.delete('/notes/:id', (ctx) => {
  requireWriter(ctx.get('authorization'));
  store.remove(ctx.params.id!);
  ctx.noContent();
});

router.get('/crash', () => crash());

app.use(router.routes());
configureServer(
  app.listen(PORT, HOST, () => console.log(`notes API (Koa) on http://${HOST}:${PORT}`)),
  options,
);
