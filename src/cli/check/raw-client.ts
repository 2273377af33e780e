import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { decodeChunked, parseHead, type ResponseHead } from './wire-parse.js';

/** A request written byte for byte on its own connection (`Connection: close`). */
export interface RawRequest {
  method: string;
  /** The request-target, e.g. `/notes?x=1`. */
  target: string;
  /** Header fields besides `Host`, `Connection` and `Content-Length`, which are added. */
  headers: readonly (readonly [string, string])[];
  body?: Buffer | undefined;
  /** Send `Expect: 100-continue` and hold the body until 100 arrives (or 1 s passes). */
  expectContinue?: boolean | undefined;
}

/** A response as it came off the wire. */
export interface RawResponse extends ResponseHead {
  /** The content (chunked decoded); empty for HEAD, 1xx, 204 and 304. */
  body: Buffer;
  /** Bytes the server sent after the response ended (a body after 204/304/HEAD, bad framing). */
  extra: number;
  /** Interim 1xx codes received before the final response. */
  interim: number[];
  /** False when the server answered before the whole body was sent (the upload then stops). */
  bodySent: boolean;
  /** True when reading stopped before the body ended (time limit, size limit, reset). */
  truncated: boolean;
}

/** A response, or why there is none. */
export interface RawResult {
  response?: RawResponse | undefined;
  /** Set when no final response arrived: a timeout, a reset, or bytes that are not HTTP. */
  error?: string | undefined;
  /** Interim codes seen even when no final response came. */
  interim: number[];
  /** True when the server closed or reset the connection while the body was being sent. */
  uploadCut?: boolean | undefined;
}

const GRACE_MS = 150;
/** Reading stops here: the checker needs excerpts, not whole downloads. */
const MAX_BYTES = 2 * 1024 * 1024;
const CONTINUE_WAIT_MS = 1000;
/** The body goes out in slices, reading between them, so an early answer (413) stops the upload. */
const SLICE = 64 * 1024;
const CUT = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED']);

function requestBytes(url: URL, req: RawRequest): Buffer {
  let head = `${req.method} ${req.target} HTTP/1.1\r\nHost: ${url.host}\r\n`;
  for (const [name, value] of req.headers) head += `${name}: ${value}\r\n`;
  if (req.body !== undefined) head += `Content-Length: ${req.body.length}\r\n`;
  if (req.expectContinue) head += 'Expect: 100-continue\r\n';
  return Buffer.from(`${head}Connection: close\r\n\r\n`, 'latin1');
}

function bodiless(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}

function extract(
  req: RawRequest,
  head: ResponseHead,
  data: Buffer,
): { body: Buffer; extra: number; done: boolean } {
  const rest = data.subarray(head.end);
  if (head.status === 101 || bodiless(req.method, head.status))
    return { body: Buffer.alloc(0), extra: rest.length, done: true };
  if (/\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '')) {
    const chunked = decodeChunked(rest);
    return { body: chunked.body, extra: rest.length - chunked.end, done: chunked.complete };
  }
  const length = head.headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) {
    const n = Number(length);
    return { body: rest.subarray(0, n), extra: Math.max(0, rest.length - n), done: rest.length >= n };
  }
  return { body: rest, extra: 0, done: false };
}

/**
 * Sends one request over a fresh TCP (or TLS) connection and reads the raw response, so bytes
 * `fetch` would hide (a body after 204/304/HEAD, interim 1xx, bad framing) are seen.
 *
 * @example
 * const { response } = await rawRequest(new URL('http://127.0.0.1:3000'), { method: 'HEAD', target: '/', headers: [] }, 5000);
 */
export function rawRequest(url: URL, req: RawRequest, timeoutMs: number): Promise<RawResult> {
  return new Promise((resolve) => {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket =
      url.protocol === 'https:'
        ? tlsConnect({ host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host })
        : tcpConnect({ host, port });
    let data: Buffer = Buffer.alloc(0);
    let at = 0;
    const interim: number[] = [];
    let final: ResponseHead | undefined;
    let bodySent = req.body === undefined;
    let started = bodySent;
    let uploading = false;
    let uploadCut = false;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    let hold: NodeJS.Timeout | undefined;
    /** Writes the body slice by slice; stops as soon as a final answer has arrived. */
    const sendBody = async () => {
      if (started || socket.destroyed) return;
      started = true;
      uploading = true;
      const body = req.body!;
      let at = 0;
      for (; at < body.length && !final && !settled && !socket.destroyed; at += SLICE) {
        const more = socket.write(body.subarray(at, at + SLICE));
        await new Promise<void>((next) => (more ? setImmediate(next) : socket.once('drain', next)));
      }
      bodySent = at >= body.length;
      uploading = false;
    };
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      clearTimeout(hold);
      socket.destroy();
      if (!final)
        return resolve({ error: error ?? 'the connection closed without a response', interim, uploadCut });
      const { body, extra, done } = extract(req, final, data);
      const truncated = error !== undefined && !done;
      resolve({ response: { ...final, body, extra, interim, bodySent, truncated }, interim, uploadCut });
    };
    const timer = setTimeout(() => finish(`no complete response within ${timeoutMs} ms`), timeoutMs);
    const progress = () => {
      while (!final) {
        const head = parseHead(data, at);
        if (head === undefined) return;
        if (head === 'invalid') return finish('the server sent bytes that are not an HTTP/1.x response');
        if (head.status >= 100 && head.status < 200 && head.status !== 101) {
          interim.push(head.status);
          at = head.end;
          if (head.status === 100 && req.expectContinue) {
            clearTimeout(hold);
            void sendBody();
          }
          continue;
        }
        final = head;
        clearTimeout(hold);
      }
      if (extract(req, final, data).done && grace === undefined) grace = setTimeout(() => finish(), GRACE_MS);
    };
    socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      socket.write(requestBytes(url, req));
      if (req.body === undefined) return;
      if (req.expectContinue) hold = setTimeout(() => void sendBody(), CONTINUE_WAIT_MS);
      else void sendBody();
    });
    socket.on('data', (chunk: Buffer) => {
      data = data.length === 0 ? chunk : Buffer.concat([data, chunk]);
      if (data.length > MAX_BYTES) return finish('the response exceeded 2 MB');
      progress();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (uploading && CUT.has(error.code ?? '')) uploadCut = true;
      finish(`${error.code ?? 'error'}: ${error.message}`);
    });
    socket.on('close', () => {
      if (uploading) uploadCut = true;
      finish();
    });
  });
}
