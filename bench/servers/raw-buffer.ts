// The baseline of `npm run bench:serve`: plain node:http writing one fixed buffer, the same status,
// Content-Type and body bytes the status server sends for /404 (mode 404) or /200 (mode 200).
import { createServer } from 'node:http';
import { listen, variant } from './listen.js';

const mode = variant(['404', '200'] as const);
const status = Number(mode);
const body = Buffer.from(mode === '404' ? '{"error":"Not found"}' : '{"success":"OK"}');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
});
listen(server);
