// Hono 4 with statuskit/hono, served by statuskit/hono/node. thrown: GET /notes/:id throws
// NotFoundError and GET /ok answers with ok(c, …); direct: the same app writing both with c.json.
import { Hono } from 'hono';
import { NotFoundError } from 'statuskit';
import { ok, statuskit } from 'statuskit/hono';
import { serve } from 'statuskit/hono/node';
import { announcePort, NOTE, variant } from './listen.js';

const mode = variant(['thrown', 'direct'] as const);
const app = statuskit(new Hono(), { logger: false });

app.get('/notes/:id', (c) => {
  if (mode === 'thrown') throw new NotFoundError();
  return c.json({ error: 'Not found' }, 404);
});
app.get('/ok', (c) => (mode === 'thrown' ? ok(c, NOTE) : c.json({ success: 'OK', data: NOTE })));

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => announcePort(info.port));
