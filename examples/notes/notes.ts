/**
 * The notes API every example serves (docs/design/example-app.md), written once and framework-free: the schema,
 * the tokens and the store. Each examples/<framework>.ts only wires routes, and takes ETags, 304
 * and 412 from its adapter (`etag` option, `preconditions()`) and rate limiting from a route guard.
 */
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, validate } from 'statuskit';
import { z } from 'zod';

/** The environment where there is one (Node, Bun, Deno); Cloudflare Workers have no `process`. */
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

/** Where the example listens: 127.0.0.1 and PORT (default 3000). */
export const HOST = '127.0.0.1';
export const PORT = Number(env.PORT ?? 3000);
/** Bodies over 100 kB are refused with 413. */
export const BODY_LIMIT = 100_000;
/** Writes allowed per client per minute (RATE_LIMIT overrides). */
export const RATE_LIMIT = Number(env.RATE_LIMIT ?? 60);

export const noteInput = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(10_000).optional(),
});

export interface Note {
  id: number;
  title: string;
  body: string;
  updatedAt: string;
}

const TOKENS: Record<string, 'read' | 'write'> = { 'read-token': 'read', 'write-token': 'write' };

/** Throws 401 (no or unknown token, with `WWW-Authenticate: Bearer`) or 403 (read-only token). */
export function requireWriter(authorization: string | undefined): void {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const role = token === undefined ? undefined : TOKENS[token];
  if (role === undefined) throw new UnauthorizedError('A valid bearer token is required');
  if (role !== 'write') throw new ForbiddenError('This token may only read');
}

/** An in-memory note store. */
export class NoteStore {
  #notes = new Map<number, Note>();
  #next = 1;

  list(): Note[] {
    return [...this.#notes.values()];
  }

  get(id: string): Note {
    const note = /^\d{1,9}$/.test(id) ? this.#notes.get(Number(id)) : undefined;
    if (!note) throw new NotFoundError('Note not found');
    return note;
  }

  async create(input: unknown): Promise<Note> {
    const { title, body = '' } = await validate(noteInput, input);
    this.#assertTitleFree(title);
    const note: Note = { id: this.#next++, title, body, updatedAt: new Date().toISOString() };
    this.#notes.set(note.id, note);
    return note;
  }

  /** Replaces a note (404 when it does not exist, 400 for invalid input, 409 for a taken title). */
  async replace(id: string, input: unknown): Promise<Note> {
    const current = this.get(id);
    const { title, body = '' } = await validate(noteInput, input);
    this.#assertTitleFree(title, current.id);
    const note: Note = { ...current, title, body, updatedAt: new Date().toISOString() };
    this.#notes.set(note.id, note);
    return note;
  }

  remove(id: string): void {
    this.#notes.delete(this.get(id).id);
  }

  #assertTitleFree(title: string, except?: number): void {
    for (const n of this.#notes.values()) {
      if (n.title === title && n.id !== except) {
        throw new ConflictError('A note with this title already exists', { code: 'NOTE_TITLE_TAKEN' });
      }
    }
  }
}

/** The error `GET /crash` throws: its message holds a secret that must never reach a client. */
export function crash(): never {
  throw new Error('database password is hunter2-SECRET at /srv/app/db.ts:42');
}
