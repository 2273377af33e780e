// Hono 4 on @hono/node-server without statuskit. direct: c.json(..., 404) (baseline); anchor:
// HTTPException thrown, answered by an onError handler writing JSON; floor: statuskit's NotFoundError
// thrown to the same handler (what any throw costs here); json: c.json with the envelope.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NotFoundError } from 'statuskit';
import { announcePort, NOTE, variant } from './listen.js';

const mode = variant(['direct', 'anchor', 'floor', 'json'] as const);
const app = new Hono();

app.get('/ok', (c) => c.json({ success: 'OK', data: NOTE }));
app.get('/notes/:id', (c) => {
  if (mode === 'anchor') throw new HTTPException(404, { message: 'Not found' });
  if (mode === 'floor') throw new NotFoundError();
  return c.json({ error: 'Not found' }, 404);
});
app.onError((err, c) => {
  if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
  if (err instanceof NotFoundError) return c.json({ error: err.message }, err.status);
  return c.json({ error: 'Internal server error' }, 500);
});

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => announcePort(info.port));
