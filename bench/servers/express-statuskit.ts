// Express 5 with statuskit/express (sk.start first, sk.end last). thrown: GET /notes/:id throws
// NotFoundError and GET /ok answers with res.ok; direct: the same app writing both JSON bodies itself.
import { createServer } from 'node:http';
import express from 'express';
import { NotFoundError } from 'statuskit';
import { statuskit } from 'statuskit/express';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['thrown', 'direct'] as const);
const sk = statuskit({ logger: false });
const app = express();

app.use(sk.start);
app.get('/notes/:id', (_req, res) => {
  if (mode === 'thrown') throw new NotFoundError();
  res.status(404).json({ error: 'Not found' });
});
app.get('/ok', (_req, res) => {
  if (mode === 'thrown') res.ok(NOTE);
  else res.json({ success: 'OK', data: NOTE });
});
app.use(sk.end);

listen(createServer(app));
