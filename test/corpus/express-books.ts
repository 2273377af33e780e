/**
 * A books API as Express tutorials write it (Express 5, express.json(), no error handler):
 * missing books answered `{"error": …}` with 200 on GET, a 404 on PUT/DELETE, and Express's
 * default HTML error page for bodies it cannot parse.
 */

import { createServer } from 'node:http';
import express from 'express';
import { type CorpusApp, listen, recordsOf } from './app.js';

export const ROUTES = ['GET,POST /books', 'GET,PUT,DELETE /books/{id}'];

interface Book {
  id: number;
  title: string;
  author: string;
}

export async function start(): Promise<CorpusApp> {
  const app = express();
  app.use(express.json());

  const books: Book[] = [
    { id: 1, title: '1984', author: 'George Orwell' },
    { id: 2, title: 'Dune', author: 'Frank Herbert' },
  ];
  let nextId = 3;

  app.get('/books', (_req, res) => {
    res.json(books);
  });

  app.get('/books/:id', (req, res) => {
    const book = books.find((b) => b.id === Number(req.params.id));
    if (!book) return res.json({ error: 'Book not found' });
    res.json(book);
  });

  app.post('/books', (req, res) => {
    const { title, author } = req.body ?? {};
    if (!title || !author) return res.status(400).json({ error: 'title and author are required' });
    const book = { id: nextId++, title, author };
    books.push(book);
    res.status(201).json(book);
  });

  app.put('/books/:id', (req, res) => {
    const book = books.find((b) => b.id === Number(req.params.id));
    if (!book) return res.status(404).json({ error: 'Book not found' });
    Object.assign(book, req.body);
    res.json(book);
  });

  app.delete('/books/:id', (req, res) => {
    const index = books.findIndex((b) => b.id === Number(req.params.id));
    if (index === -1) return res.status(404).json({ error: 'Book not found' });
    books.splice(index, 1);
    res.status(204).send();
  });

  const running = await listen(createServer(app));
  return { ...running, records: async () => recordsOf({ books }) };
}
