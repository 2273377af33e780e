import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { isHttpError } from '../index.js';
import { upstream, upstreamJson } from './index.js';

const servers: Array<{ close(): void }> = [];
after(() => {
  for (const s of servers) s.close();
});

async function serve(handler: RequestListener): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function statusOf(expected: number, retryAfter?: string) {
  return (error: unknown) => {
    assert.ok(isHttpError(error), `an HttpError, got ${String(error)}`);
    assert.equal(error.status, expected);
    if (retryAfter !== undefined) assert.equal(error.headers['retry-after'], retryAfter);
    return true;
  };
}

describe('upstream', () => {
  it('returns an ordinary response as is', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":1}'),
    );
    const res = await upstream(`${url}/items`, { method: 'POST', body: '{}', timeoutMs: 2000 });
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { id: 1 });
  });

  it('maps an upstream that never answers to 504 after timeoutMs', async () => {
    const url = await serve(() => {}); // accepts, never responds
    const started = performance.now();
    await assert.rejects(upstream(url, { timeoutMs: 100 }), statusOf(504));
    assert.ok(performance.now() - started < 5000, 'gave up instead of hanging');
  });

  it('maps a refused connection to 502', async () => {
    const probe = createTcpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    await assert.rejects(upstream(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }), (error: unknown) => {
      statusOf(502)(error);
      assert.match(String((error as Error).cause), /fetch failed/, 'the cause is kept for the log');
      return true;
    });
  });

  it('maps a response that is not HTTP to 502', async () => {
    const garbage = createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    servers.push({ close: () => garbage.close() });
    const port = (garbage.address() as AddressInfo).port;
    await assert.rejects(upstream(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }), statusOf(502));
  });

  it('passes an upstream 503 and 429 through with their Retry-After', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/busy') res.writeHead(503, { 'retry-after': '7' }).end('<h1>busy</h1>');
      else if (req.url === '/slow-down')
        res.writeHead(429, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }).end();
      else res.writeHead(503).end();
    });
    await assert.rejects(upstream(`${url}/busy`), statusOf(503, '7'));
    await assert.rejects(upstream(`${url}/slow-down`), (error: unknown) => {
      statusOf(429)(error);
      const seconds = Number((error as { headers: Record<string, string> }).headers['retry-after']);
      assert.ok(seconds >= 28 && seconds <= 31, String(seconds));
      return true;
    });
    await assert.rejects(upstream(`${url}/plain`), (error: unknown) => {
      statusOf(503)(error);
      assert.equal((error as { headers: Record<string, string> }).headers['retry-after'], undefined);
      return true;
    });
  });

  it("rethrows the caller's own abort unchanged", async () => {
    const url = await serve(() => {});
    const controller = new AbortController();
    const reason = new Error('client went away');
    setTimeout(() => controller.abort(reason), 30);
    await assert.rejects(
      upstream(url, { signal: controller.signal, timeoutMs: 5000 }),
      (e: unknown) => e === reason,
    );
  });
});

describe('upstreamJson', () => {
  it('parses JSON, and answers 502 for a body that is not JSON', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/ok') res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
    });
    const { status, data } = await upstreamJson<{ a: number }>(`${url}/ok`);
    assert.equal(status, 200);
    assert.deepEqual(data, { a: 1 });
    await assert.rejects(upstreamJson(`${url}/html`), statusOf(502));
  });

  it('covers the body with the timeout (504) and a cut connection (502)', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      if (req.url === '/cut') setTimeout(() => res.socket?.destroy(), 20);
    });
    await assert.rejects(upstreamJson(`${url}/stall`, { timeoutMs: 100 }), statusOf(504));
    await assert.rejects(upstreamJson(`${url}/cut`, { timeoutMs: 5000 }), statusOf(502));
  });
});
