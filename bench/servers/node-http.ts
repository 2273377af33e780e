// node:http without statuskit. direct: the 404 JSON written by hand (baseline); anchor: http-errors'
// createError(404) thrown and caught; floor: statuskit's NotFoundError thrown and caught the same way
// (what any throw costs here); json: a 200 with the envelope written by hand.
import { createServer, type ServerResponse } from 'node:http';
import createError from 'http-errors';
import { NotFoundError } from 'statuskit';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['direct', 'anchor', 'floor', 'json'] as const);

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function findNote(): never {
  if (mode === 'floor') throw new NotFoundError();
  throw createError(404, 'Not found');
}

const server = createServer((req, res) => {
  if (req.url === '/ok') return sendJson(res, 200, { success: 'OK', data: NOTE });
  if (mode === 'anchor' || mode === 'floor') {
    try {
      findNote();
    } catch (error) {
      const err = error as createError.HttpError;
      return sendJson(res, err.status, { error: err.expose ? err.message : 'Internal server error' });
    }
  }
  sendJson(res, 404, { error: 'Not found' });
});
listen(server);
