/**
 * The oversized-body probe against servers that answer or close mid-upload: the raw client
 * reads the 413 a server sent before it closed (and stops uploading), and a server that only
 * closes the connection is not blamed for a missing final response. Real TCP servers on
 * 127.0.0.1 that speak HTTP/1.1 byte for byte.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { OVERSIZED_BYTES, probeOversizedBody } from '../src/cli/check/probes-body.js';
import { rawRequest } from '../src/cli/check/raw-client.js';
import { ProbeSession } from '../src/cli/check/session.js';

const BODY = '{"error":"Content too large"}';
const ANSWER =
  'HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`;

/** Sends 100 Continue, reads 200 kB of the body, then answers 413 and closes, or resets. */
function uploadCutter(answer: boolean): Server {
  return createServer((socket: Socket) => {
    let read = 0;
    let done = false;
    socket.on('error', () => {});
    socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    socket.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (done || read < 200_000) return;
      done = true;
      // Closing with unread body bytes makes the kernel send a reset, as Node's server does
      // when it gives up on a body it will not read.
      if (answer) socket.write(ANSWER, () => socket.destroy());
      else socket.resetAndDestroy();
    });
  });
}

const servers: Server[] = [];
const urls: Record<'answers' | 'closes', URL> = {} as never;
before(async () => {
  for (const [name, answer] of [
    ['answers', true],
    ['closes', false],
  ] as const) {
    const server = uploadCutter(answer);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as { port: number };
    urls[name] = new URL(`http://127.0.0.1:${port}`);
    servers.push(server);
  }
});
after(() => {
  for (const s of servers) s.close();
});

const upload = {
  method: 'POST',
  target: '/notes',
  headers: [['Content-Type', 'application/json']] as const,
  body: Buffer.alloc(OVERSIZED_BYTES, 0x61),
  expectContinue: true,
};

test('the body is a bit over 10 MiB, so a limit of exactly 10 MiB refuses it', () => {
  assert.ok(OVERSIZED_BYTES > 10 * 1024 * 1024);
  assert.ok(OVERSIZED_BYTES < 11 * 1024 * 1024);
});

test('a 413 sent mid-upload before a reset is read, every time', async () => {
  for (let i = 0; i < 5; i++) {
    const result = await rawRequest(urls.answers, upload, 5000);
    assert.equal(result.response?.status, 413, result.error);
    assert.deepEqual(result.response?.interim, [100]);
    assert.equal(result.response?.bodySent, false, 'the upload stopped at the answer');
    assert.equal(result.response?.body.toString(), BODY);
  }
});

/** The collection route both probe rows send their upload to. */
function notesGroup() {
  return {
    path: '/notes',
    template: '/notes',
    methods: new Set(['POST']),
    synthetic: false,
    item: false,
    exists: undefined,
  };
}

test('a server that resets mid-upload without answering: not evaluated, no finding', async () => {
  const s = new ProbeSession({ url: urls.closes.href, delayMs: 0 });
  await probeOversizedBody(s, notesGroup(), 'POST');
  assert.deepEqual(s.findings.list(), [], 'neither final-informational nor body-too-large');
  assert.equal(s.notEvaluated.length, 1);
  assert.match(s.notEvaluated[0]!.reason, /closed the connection during the upload/);
});

test('the 413 server through the probe: no finding', async () => {
  const s = new ProbeSession({ url: urls.answers.href, delayMs: 0 });
  await probeOversizedBody(s, notesGroup(), 'POST');
  assert.deepEqual(s.findings.list(), []);
  assert.deepEqual(s.notEvaluated, []);
});
