// Express 5 without statuskit. direct: res.status(404).json(...) (baseline); anchor: http-errors
// thrown from the route, answered by an error middleware; floor: statuskit's NotFoundError thrown
// to the same middleware (what any throw costs here); json: res.json with the envelope.
import { createServer } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import createError from 'http-errors';
import { NotFoundError } from 'statuskit';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['direct', 'anchor', 'floor', 'json'] as const);
const app = express();

app.get('/ok', (_req, res) => {
  res.json({ success: 'OK', data: NOTE });
});
app.get('/notes/:id', (_req, res) => {
  if (mode === 'anchor') throw createError(404, 'Not found');
  if (mode === 'floor') throw new NotFoundError();
  res.status(404).json({ error: 'Not found' });
});
app.use((err: createError.HttpError, _req: Request, res: Response, _next: NextFunction) => {
  res.status(err.status ?? 500).json({ error: err.expose ? err.message : 'Internal server error' });
});

listen(createServer(app));
