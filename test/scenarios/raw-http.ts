/**
 * A small HTTP/1.1 client over node:net for what fetch hides: body bytes after HEAD, 204 and 304,
 * interim 1xx responses, `Expect: 100-continue`, chunked uploads, and requests Node's own client
 * refuses to send (bad request lines, odd methods, oversized headers).
 */
import { connect, type Socket } from 'node:net';

/** One response as it came off the wire. */
export interface WireResponse {
  status: number;
  reason: string;
  /** Lower-case names; repeated fields joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** Statuses of interim (1xx) responses received before this one. */
  interim: number[];
  /** True when the framing (Content-Length, chunked, or close) was satisfied. */
  complete: boolean;
  /** Bytes received after the response ended (a body on HEAD/204/304 shows up here). */
  extra: Buffer;
  /** True when the server closed the connection after (or during) the response. */
  closed: boolean;
}

interface Head {
  status: number;
  reason: string;
  headers: Record<string, string>;
  end: number;
}

function parseHead(buf: Buffer): Head | undefined | 'bad' {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) {
    return buf.length > 8 && !buf.subarray(0, 5).toString('latin1').startsWith('HTTP/') ? 'bad' : undefined;
  }
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) return 'bad';
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return 'bad';
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { status: Number(m[1]), reason: m[2] ?? '', headers, end: end + 4 };
}

/** Decodes a chunked body from `start`; returns the body and where it ends, or undefined if incomplete. */
function parseChunked(buf: Buffer, start: number): { body: Buffer; end: number } | undefined | 'bad' {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const sizeText = buf.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return 'bad';
    const size = Number.parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers, then an empty line.
      for (;;) {
        const tEnd = buf.indexOf('\r\n', at);
        if (tEnd === -1) return undefined;
        const empty = tEnd === at;
        at = tEnd + 2;
        if (empty) return { body: Buffer.concat(parts), end: at };
      }
    }
    if (buf.length < at + size + 2) return undefined;
    parts.push(buf.subarray(at, at + size));
    at += size + 2;
  }
}

/** Result of trying to read one final response from the front of a buffer. */
type Parsed =
  | { kind: 'need-more'; interim: number[] }
  | { kind: 'bad'; interim: number[] }
  | { kind: 'done'; response: Omit<WireResponse, 'extra' | 'closed'>; end: number }
  | { kind: 'until-close'; head: Head; interim: number[] };

function noBody(status: number, headRequest: boolean): boolean {
  return headRequest || status === 204 || status === 304 || (status >= 100 && status < 200);
}

/** Reads one final response (after any 1xx) from the front of `buf`. */
export function parseResponse(buf: Buffer, headRequest: boolean): Parsed {
  const interim: number[] = [];
  let offset = 0;
  for (;;) {
    const head = parseHead(buf.subarray(offset));
    if (head === 'bad') return { kind: 'bad', interim };
    if (head === undefined) return { kind: 'need-more', interim };
    const bodyStart = offset + head.end;
    if (head.status >= 100 && head.status < 200 && head.status !== 101) {
      interim.push(head.status);
      offset = bodyStart;
      continue;
    }
    const base = { status: head.status, reason: head.reason, headers: head.headers, interim };
    if (noBody(head.status, headRequest)) {
      return { kind: 'done', response: { ...base, body: Buffer.alloc(0), complete: true }, end: bodyStart };
    }
    if (/\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '')) {
      const chunked = parseChunked(buf, bodyStart);
      if (chunked === 'bad') return { kind: 'bad', interim };
      if (chunked === undefined) return { kind: 'until-close', head: { ...head, end: bodyStart }, interim };
      return { kind: 'done', response: { ...base, body: chunked.body, complete: true }, end: chunked.end };
    }
    const lengthText = head.headers['content-length'];
    if (lengthText !== undefined) {
      const length = Number(lengthText);
      if (!Number.isSafeInteger(length) || length < 0) return { kind: 'bad', interim };
      if (buf.length < bodyStart + length)
        return { kind: 'until-close', head: { ...head, end: bodyStart }, interim };
      return {
        kind: 'done',
        response: { ...base, body: buf.subarray(bodyStart, bodyStart + length), complete: true },
        end: bodyStart + length,
      };
    }
    return { kind: 'until-close', head: { ...head, end: bodyStart }, interim };
  }
}

/** What a raw exchange sends. */
export interface RawExchange {
  /** Bytes written at once when the socket connects. */
  initial: Buffer;
  /** The request is HEAD (its response has no body whatever the headers say). */
  headRequest: boolean;
  /** Written once a `100 Continue` arrives (never if a final response comes first). */
  afterContinue?: Buffer;
  /** Written one by one, a few ms apart, until a response starts arriving. */
  trickle?: Buffer[];
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /**
   * Once a complete response is in, wait at most this long for the server to close the connection
   * (default: until the timeout). For a server that keeps it open although the request asked to
   * close it (workerd does, and Deno after an early 413); bytes arriving within it still count as
   * `extra`.
   */
  settleMs?: number;
}

/**
 * Sends one request on a fresh connection (which it should ask to close) and reads until the server
 * closes it or the timeout passes. Anything after the first final response is returned as `extra`.
 */
export function exchange(port: number, ex: RawExchange): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let received = Buffer.alloc(0);
    let continued = false;
    let responding = false;
    let settled = false;
    let trickleTimer: NodeJS.Timeout | undefined;
    let settleTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => finish(false), ex.timeoutMs ?? 5000);

    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(settleTimer);
      if (trickleTimer) clearTimeout(trickleTimer);
      socket.destroy();
      const parsed = parseResponse(received, ex.headRequest);
      if (parsed.kind === 'done') {
        resolve({ ...parsed.response, extra: received.subarray(parsed.end), closed });
      } else if (parsed.kind === 'until-close') {
        const body = received.subarray(parsed.head.end);
        const length = parsed.head.headers['content-length'];
        const framed =
          length !== undefined || /chunked/i.test(parsed.head.headers['transfer-encoding'] ?? '');
        resolve({
          status: parsed.head.status,
          reason: parsed.head.reason,
          headers: parsed.head.headers,
          interim: parsed.interim,
          body,
          complete: closed && !framed,
          extra: Buffer.alloc(0),
          closed,
        });
      } else if (received.length === 0) {
        reject(new Error(closed ? 'connection closed without a response' : 'no response before the timeout'));
      } else {
        reject(
          new Error(
            `unparseable response (${parsed.kind}): ${JSON.stringify(received.subarray(0, 300).toString('latin1'))}`,
          ),
        );
      }
    };

    const trickle = (i: number) => {
      if (responding || settled || !ex.trickle || i >= ex.trickle.length) return;
      socket.write(ex.trickle[i]!);
      trickleTimer = setTimeout(() => trickle(i + 1), 2);
    };

    socket.on('connect', () => {
      socket.write(ex.initial);
      if (ex.trickle) trickle(0);
    });
    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      received = Buffer.concat(chunks);
      const parsed = parseResponse(received, ex.headRequest);
      const interim = parsed.kind === 'done' ? parsed.response.interim : parsed.interim;
      if (interim.length > 0 && ex.afterContinue && !continued && !responding) {
        continued = true;
        socket.write(ex.afterContinue);
      }
      if (parsed.kind === 'done' || parsed.kind === 'until-close') responding = true;
      if (parsed.kind === 'done' && ex.settleMs !== undefined) {
        clearTimeout(settleTimer);
        settleTimer = setTimeout(() => finish(false), ex.settleMs);
      }
    });
    // A server that answers early and closes may reset the connection while we still write.
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

/**
 * A keep-alive connection sending one request at a time. After a response that closes the
 * connection, the next request opens a new one.
 */
export class KeepAliveConnection {
  #port: number;
  #socket: Socket | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #waiter: (() => void) | undefined;
  #closed = true;
  #served = 0;
  /** Connections opened so far. */
  opened = 0;

  constructor(port: number) {
    this.#port = port;
  }

  #open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.#port });
      this.#socket = socket;
      this.#buffer = Buffer.alloc(0);
      this.#closed = false;
      this.#served = 0;
      this.opened++;
      socket.setNoDelay(true);
      const failEarly = (error: Error) => reject(error);
      socket.once('error', failEarly);
      socket.once('connect', () => {
        socket.off('error', failEarly);
        resolve();
      });
      socket.on('data', (data: Buffer) => {
        if (socket !== this.#socket) return;
        this.#buffer = this.#buffer.length === 0 ? data : Buffer.concat([this.#buffer, data]);
        this.#waiter?.();
      });
      const onClose = () => {
        if (socket !== this.#socket || this.#closed) return;
        this.#closed = true;
        this.#waiter?.();
      };
      socket.on('error', onClose);
      socket.on('close', onClose);
    });
  }

  /**
   * Sends `bytes` and resolves with the response. `closed` is true when the server closed the
   * connection right after; `extra` holds bytes that arrived beyond the response. With
   * `untilClose`, it waits (up to 2 s) for the server to close the connection after the response
   * and returns everything that came meanwhile as `extra`.
   */
  async send(
    bytes: Buffer,
    headRequest: boolean,
    options: { timeoutMs?: number; untilClose?: boolean } = {},
  ): Promise<WireResponse> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const untilClose = options.untilClose ?? false;
    if (this.#closed || !this.#socket) await this.#open();
    const reused = this.#served > 0;
    try {
      const response = await this.#exchange(bytes, headRequest, timeoutMs, untilClose);
      this.#served++;
      return response;
    } catch (error) {
      // An idle connection the server closed just as we wrote: try once more on a new one.
      if (reused && error instanceof Error && error.message === 'connection closed without a response') {
        await this.#open();
        const response = await this.#exchange(bytes, headRequest, timeoutMs, untilClose);
        this.#served++;
        return response;
      }
      throw error;
    }
  }

  async #exchange(
    bytes: Buffer,
    headRequest: boolean,
    timeoutMs: number,
    untilClose: boolean,
  ): Promise<WireResponse> {
    const socket = this.#socket!;
    this.#buffer = Buffer.alloc(0);
    socket.write(bytes);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseResponse(this.#buffer, headRequest);
      if (parsed.kind === 'done') {
        if (untilClose) {
          const until = Date.now() + 2000;
          while (!this.#closed && Date.now() < until) await this.#wait(until - Date.now());
        }
        const closeAsked = /\bclose\b/i.test(parsed.response.headers.connection ?? '');
        const extra = this.#buffer.subarray(parsed.end);
        if (closeAsked || untilClose) this.close();
        return { ...parsed.response, extra, closed: closeAsked || this.#closed };
      }
      if (parsed.kind === 'bad') {
        this.close();
        throw new Error(
          `unparseable response: ${JSON.stringify(this.#buffer.subarray(0, 300).toString('latin1'))}`,
        );
      }
      if (this.#closed) {
        const buffered = this.#buffer;
        this.close();
        if (parsed.kind === 'until-close') {
          const framed =
            parsed.head.headers['content-length'] !== undefined ||
            /chunked/i.test(parsed.head.headers['transfer-encoding'] ?? '');
          return {
            status: parsed.head.status,
            reason: parsed.head.reason,
            headers: parsed.head.headers,
            interim: parsed.interim,
            body: buffered.subarray(parsed.head.end),
            complete: !framed,
            extra: Buffer.alloc(0),
            closed: true,
          };
        }
        throw new Error(
          buffered.length === 0
            ? 'connection closed without a response'
            : `connection closed mid-response: ${JSON.stringify(buffered.subarray(0, 300).toString('latin1'))}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.close();
        throw new Error(
          `no complete response within ${timeoutMs} ms (got ${JSON.stringify(this.#buffer.subarray(0, 200).toString('latin1'))})`,
        );
      }
      await this.#wait(left);
    }
  }

  /** Resolves on the next data or close event, or after `ms`. */
  #wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.#waiter = undefined;
        resolve();
      }, ms);
      this.#waiter = () => {
        clearTimeout(t);
        this.#waiter = undefined;
        resolve();
      };
    });
  }

  close(): void {
    this.#closed = true;
    this.#socket?.destroy();
    this.#socket = undefined;
  }
}
