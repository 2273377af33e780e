// statuskit/node: its app answers GET /notes/:id by throwing NotFoundError (thrown) or by writing
// the 404 JSON itself (direct, to separate the app's routing from the error path), and GET /ok
// through ctx.ok (thrown) or by writing the envelope itself (direct).
import type { ServerResponse } from 'node:http';
import { NotFoundError } from 'statuskit';
import { createApp } from 'statuskit/node';
import { announcePort, NOTE, variant } from './listen.js';

const mode = variant(['thrown', 'direct'] as const);
const app = createApp({ logger: false });

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

app.get('/notes/:id', (_req, res) => {
  if (mode === 'thrown') throw new NotFoundError();
  sendJson(res, 404, { error: 'Not found' });
});
app.get('/ok', (_req, res, ctx) => {
  if (mode === 'thrown') ctx.ok(NOTE);
  else sendJson(res, 200, { success: 'OK', data: NOTE });
});

const server = await app.listen(0, '127.0.0.1');
const address = server.address();
announcePort(typeof address === 'object' && address ? address.port : 0);
