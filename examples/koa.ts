/**
 * The notes API (docs/design/example-app.md) on Koa 3 and @koa/router with statuskit/koa.
 * Start: PORT=3000 npx tsx examples/koa.ts (RATE_LIMIT=<writes per minute>, default 60)
 */
import Router from '@koa/router';
import Koa from 'koa';
import { rateLimit } from 'statuskit/guards';
import { configureServer, statuskit } from 'statuskit/koa';
import { BODY_LIMIT, crash, HOST, NoteStore, PORT, RATE_LIMIT, requireWriter } from './notes/notes.js';

// etag: 200s to GET/HEAD carry an ETag, and a matching If-None-Match gets 304.
const options = { bodyLimit: BODY_LIMIT, etag: 'strong' as const };
const store = new NoteStore();
const app = new Koa();
const router = new Router();
const sk = statuskit(options);
// One bucket per client for every write: 429 with Retry-After and RateLimit headers past it.
const writes = sk.guard(rateLimit({ limit: RATE_LIMIT, windowMs: 60_000 }));
app.use(sk);

router.get('/notes', (ctx) => ctx.ok(store.list()));

router.post('/notes', writes, async (ctx) => {
  requireWriter(ctx.get('authorization'));
  const note = await store.create(ctx.request.body);
  ctx.created(`/notes/${note.id}`, note, { headers: { etag: ctx.etagFor(note) } });
});

router.get('/notes/:id', (ctx) => ctx.ok(store.get(ctx.params.id!)));

router.put('/notes/:id', writes, async (ctx) => {
  requireWriter(ctx.get('authorization'));
  ctx.preconditions(ctx.etagFor(store.get(ctx.params.id!))); // a stale If-Match → 412
  const note = await store.replace(ctx.params.id!, ctx.request.body);
  ctx.ok(note, { headers: { etag: ctx.etagFor(note) } });
});

router.delete('/notes/:id', writes, (ctx) => {
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
