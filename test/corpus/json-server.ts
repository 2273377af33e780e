/**
 * json-server 0.17 (npm), used as its README's "Module" section shows: create(), defaults(),
 * router(db.json). The database is a copy in a temporary folder.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsonServer from 'json-server';
import { type CorpusApp, listen, recordsOf } from './app.js';

export const ROUTES = [
  'GET,POST /posts',
  'GET,PUT,PATCH,DELETE /posts/{id}',
  'GET,POST /comments',
  'GET,PUT,PATCH,DELETE /comments/{id}',
  'GET /profile',
];

const DB = {
  posts: [{ id: 1, title: 'json-server', author: 'typicode' }],
  comments: [{ id: 1, body: 'some comment', postId: 1 }],
  profile: { name: 'typicode' },
};

export async function start(): Promise<CorpusApp> {
  const file = join(mkdtempSync(join(tmpdir(), 'corpus-json-server-')), 'db.json');
  writeFileSync(file, JSON.stringify(DB, null, 2));
  const server = jsonServer.create();
  const router = jsonServer.router(file);
  const middlewares = jsonServer.defaults({ logger: false });
  server.use(middlewares);
  server.use(router);
  const running = await listen(createServer(server));
  return {
    ...running,
    records: async () => {
      const db = JSON.parse(readFileSync(file, 'utf8')) as typeof DB;
      return recordsOf({ posts: db.posts, comments: db.comments, profile: [db.profile] });
    },
  };
}
