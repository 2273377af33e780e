/**
 * The notes API (docs/design/example-app.md) as a Hono app, with nothing of Node's in it: Bun and
 * Deno serve it as it is (`export default createNotesApp()`), Cloudflare Workers with the client
 * address its edge sets (`createNotesApp({ ip: (c) => c.req.header('cf-connecting-ip') })`; without
 * it the rate limit is refused at setup), and examples/hono.ts serves it on Node with
 * statuskit/hono/node.
 */
import { Hono } from 'hono';
import { rateLimit } from 'statuskit/guards';
import {
  created,
  etagFor,
  guard,
  type HonoOptions,
  noContent,
  ok,
  preconditions,
  readJson,
  statuskit,
} from 'statuskit/hono';
import { BODY_LIMIT, crash, NoteStore, RATE_LIMIT, requireWriter } from './notes.js';

export interface NotesAppOptions {
  /** Writes allowed per client per minute. Default: RATE_LIMIT (notes.ts). */
  rateLimit?: number;
  /**
   * The client address the rate limit counts by. Node, Bun and Deno tell it; Workers do not, so
   * there pass the one Cloudflare's edge sets: `(c) => c.req.header('cf-connecting-ip')`.
   */
  ip?: HonoOptions['ip'];
}

/** A fresh notes app with its own in-memory store. */
export function createNotesApp(options: NotesAppOptions = {}) {
  const store = new NoteStore();
  // etag: 200s to GET/HEAD carry an ETag, and a matching If-None-Match gets 304.
  const app = statuskit(new Hono(), {
    bodyLimit: BODY_LIMIT,
    etag: 'strong',
    ...(options.ip === undefined ? {} : { ip: options.ip }),
  });
  // One bucket per client for every write: 429 with Retry-After and RateLimit headers past it.
  const writes = guard(rateLimit({ limit: options.rateLimit ?? RATE_LIMIT, windowMs: 60_000 }));

  app.get('/notes', (c) => ok(c, store.list()));

  // The body was read before the handler (415 / 413 / 400 already answered); readJson returns it.
  app.post('/notes', writes, async (c) => {
    requireWriter(c.req.header('authorization'));
    const note = await store.create(await readJson(c));
    return created(c, `/notes/${note.id}`, note, { headers: { etag: etagFor(c, note) } });
  });

  app.get('/notes/:id', (c) => ok(c, store.get(c.req.param('id'))));

  app.put('/notes/:id', writes, async (c) => {
    requireWriter(c.req.header('authorization'));
    preconditions(c, etagFor(c, store.get(c.req.param('id')))); // a stale If-Match → 412
    const note = await store.replace(c.req.param('id'), await readJson(c));
    return ok(c, note, { headers: { etag: etagFor(c, note) } });
  });

  app.delete('/notes/:id', writes, (c) => {
    requireWriter(c.req.header('authorization'));
    store.remove(c.req.param('id'));
    return noContent(c);
  });

  app.get('/crash', () => crash());

  return app;
}
