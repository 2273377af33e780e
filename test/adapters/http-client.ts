/**
 * Small HTTP clients for the adapter tests: fetch with the body read as JSON, and raw bytes over
 * node:net for what fetch cannot send (odd methods, bad request lines, chunked overflow, 100-continue).
 */
import { connect } from 'node:net';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** fetch, then the body as text and (when it parses) JSON. */
export async function call(url: string, init?: RequestInit): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface RawAnswer {
  /** Everything the server sent before it closed the connection. */
  raw: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parse(raw: string): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const [line = '', ...fields] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  return { raw, status: Number(line.split(' ')[1]), headers, body: split === -1 ? '' : raw.slice(split + 4) };
}

/**
 * Sends raw request bytes and collects the answer until the server closes the connection (send
 * `Connection: close`). `then` runs once the first bytes arrive, e.g. to send a body after a 100.
 */
export function raw(
  url: string,
  payload: string | Buffer,
  then?: (received: string, write: (data: string | Buffer) => void) => void,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(payload));
    let received = '';
    let first = true;
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (first && then) {
        first = false;
        then(received, (data) => {
          if (socket.writable) socket.write(data);
        });
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve(parse(received));
      else reject(error);
    });
    socket.on('close', () => resolve(parse(received)));
  });
}

/** A request head in raw bytes, with Host and Connection: close added. */
export function head(method: string, path: string, headers: Record<string, string | number> = {}): string {
  let text = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n`;
  for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}

/** A chunked body of `size` bytes of JSON-ish text, in 1 kB chunks, with the final chunk. */
export function chunked(size: number): string {
  let out = '';
  for (let left = size; left > 0; left -= 1024) {
    const n = Math.min(1024, left);
    out += `${n.toString(16)}\r\n${'1'.repeat(n)}\r\n`;
  }
  return `${out}0\r\n\r\n`;
}

/** Records what a logger receives. */
export function recordingLogger(): { logged: unknown[]; error(error: unknown): void } {
  const logged: unknown[] = [];
  return { logged, error: (error: unknown) => void logged.push(error) };
}
