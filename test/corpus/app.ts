/**
 * What every corpus app module exports: the routes a user would give `statuskit check`, and a
 * start() that serves the app on 127.0.0.1 and a free port. `records()` reads the app's stored
 * records, so a test can show `--unsafe` changed none that existed.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CorpusApp {
  url: string;
  /** The records the app stores, by collection and id, as JSON text. */
  records(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export interface CorpusModule {
  /** `--route` values, as a user of the app would write them. */
  ROUTES: readonly string[];
  /** Appended to the URL (e.g. an API key the app wants in the query). */
  QUERY?: string;
  start(): Promise<CorpusApp>;
}

/** Listens on 127.0.0.1 and a free port (no statuskit setup: the corpus apps have none). */
export { listenOnFreePort as listen } from '../fixtures/serve-on-free-port.js';

/** Records of in-memory collections, keyed `collection/id`. */
export function recordsOf(collections: Record<string, readonly { id?: unknown; name?: unknown }[]>) {
  const out = new Map<string, string>();
  for (const [name, list] of Object.entries(collections))
    for (const item of list) out.set(`${name}/${String(item.id ?? item.name)}`, JSON.stringify(item));
  return out;
}
