/**
 * Faults of `statuskit serve` (started from dist/) seen by real clients: Node fetch, curl and ky
 * (a retrying client) observe the abort before the headers, after them and mid-body, the
 * dribbled body, the sleeps before and after the headers, and Retry-After, as a client would.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import ky, { HTTPError } from 'ky';
import { type RunningServe, startServeFromDist } from './fixtures/serve-on-free-port.js';

const run = promisify(execFile);
const noCurl = !existsSync('/usr/bin/curl') && 'no curl';
let serve: RunningServe;
before(async () => {
  serve = await startServeFromDist();
});
after(() => serve.close());

/** curl's exit code, output and timings; a failed transfer is a result, not a throw. */
async function curl(args: string[]) {
  const format = '\n%{http_code} %{time_starttransfer} %{time_total}';
  try {
    const { stdout } = await run('curl', ['-sS', ...args, '-w', format]);
    return { code: 0, ...timings(stdout) };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, ...timings(e.stdout) };
  }
}
function timings(stdout: string) {
  const at = stdout.lastIndexOf('\n');
  const [status, start, total] = stdout.slice(at + 1).split(' ');
  return { body: stdout.slice(0, at), status: Number(status), start: Number(start), total: Number(total) };
}

/** Reads a fetch body chunk by chunk; resolves with the chunks and the error that ended it, if any. */
async function readChunks(response: Response) {
  const chunks: Buffer[] = [];
  const reader = response.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { chunks, error: undefined };
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    return { chunks, error };
  }
}

describe('Node fetch', () => {
  test('abort before the headers: fetch rejects, the socket closed with no response', async () => {
    const error = await fetch(`${serve.url}/200?abort=before-headers`).catch((e: unknown) => e);
    assert.ok(error instanceof TypeError, String(error));
    assert.match(String((error.cause as { code?: string })?.code), /UND_ERR_SOCKET/);
  });

  test('abort after the headers: status and headers arrive, the body never does', async () => {
    const response = await fetch(`${serve.url}/503?abort=after-headers`);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '1');
    const { chunks, error } = await readChunks(response);
    assert.equal(Buffer.concat(chunks).length, 0);
    assert.ok(error instanceof TypeError, 'the body read fails');
  });

  test('abort mid-body: the first half of the body arrives, then the read fails', async () => {
    const response = await fetch(`${serve.url}/500?abort=mid-body`);
    assert.equal(response.headers.get('content-length'), '33');
    const { chunks, error } = await readChunks(response);
    assert.equal(Buffer.concat(chunks).toString(), '{"error":"Intern');
    assert.ok(error instanceof TypeError);
  });

  test('dribble: the whole body, in small steps spread over time', async () => {
    const started = Date.now();
    const response = await fetch(`${serve.url}/404?dribble=4:150`);
    const { chunks, error } = await readChunks(response);
    assert.equal(error, undefined);
    assert.equal(Buffer.concat(chunks).toString(), '{"error":"Not found"}');
    assert.ok(chunks.length >= 2, `arrived in ${chunks.length} reads`);
    // 21 bytes in steps of 4: 6 writes, 5 waits of 150 ms.
    assert.ok(Date.now() - started >= 740, `took ${Date.now() - started} ms`);
  });

  test('sleep before the headers, by query and by request header', async () => {
    for (const init of [{ url: '/202?sleep=300' }, { url: '/202', headers: { 'Statuskit-Sleep': '300' } }]) {
      const started = Date.now();
      const response = await fetch(`${serve.url}${init.url}`, { headers: init.headers ?? {} });
      assert.equal(response.status, 202);
      assert.ok(Date.now() - started >= 290, `headers after ${Date.now() - started} ms`);
      await response.arrayBuffer();
    }
  });

  test('sleep after the headers: the headers come, the body waits', async () => {
    const started = Date.now();
    const response = await fetch(`${serve.url}/200`, { headers: { 'Statuskit-Sleep-After-Headers': '400' } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { success: 'OK' });
    assert.ok(Date.now() - started >= 390, `the body came after ${Date.now() - started} ms`);
    // The headers alone: a client that stops reading once it has them never gets the body.
    const controller = new AbortController();
    const held = await fetch(`${serve.url}/200?sleepAfterHeaders=20000`, { signal: controller.signal });
    assert.equal(held.status, 200);
    controller.abort();
    await assert.rejects(held.text(), { name: 'AbortError' });
  });
});

describe('curl', { skip: noCurl }, () => {
  test('abort before the headers: empty reply (exit 52)', async () => {
    const result = await curl([`${serve.url}/200?abort=before-headers`]);
    assert.equal(result.code, 52);
    assert.equal(result.status, 0);
  });

  test('abort after the headers and mid-body: a short transfer (exit 18) after the status', async () => {
    const afterHeaders = await curl(['-H', 'Statuskit-Abort: after-headers', `${serve.url}/429`]);
    assert.equal(afterHeaders.code, 18);
    assert.equal(afterHeaders.status, 429);
    assert.equal(afterHeaders.body, '');
    const midBody = await curl([`${serve.url}/404/any/path?abort=mid-body`]);
    assert.equal(midBody.code, 18);
    assert.equal(midBody.status, 404);
    assert.equal(midBody.body, '{"error":"');
  });

  test('dribble and sleeps: what curl receives, and when', async () => {
    const dribbled = await curl([`${serve.url}/200?dribble=2:100`]);
    assert.equal(dribbled.code, 0);
    assert.equal(dribbled.body, '{"success":"OK"}');
    // 16 bytes in steps of 2: 7 waits of 100 ms.
    assert.ok(dribbled.total >= 0.69, `the body took ${dribbled.total} s`);
    const slept = await curl(['-H', 'Statuskit-Sleep: 300', `${serve.url}/200?sleepAfterHeaders=300`]);
    assert.equal(slept.status, 200);
    assert.ok(slept.start >= 0.29, `first byte at ${slept.start} s`);
    assert.ok(slept.total >= 0.59, `done at ${slept.total} s`);
    // Headers now, body in 20 s: curl gives up at 2 s (exit 28) having read the status only.
    const held = await curl(['--max-time', '2', `${serve.url}/503?sleepAfterHeaders=20000`]);
    assert.equal(held.code, 28);
    assert.equal(held.status, 503);
    assert.equal(held.body, '');
  });
});

describe('ky, a retrying client', () => {
  test('a connection aborted before the headers is retried, then given up', async () => {
    let retries = 0;
    const error = await ky(`${serve.url}/200?abort=before-headers`, {
      retry: { limit: 2, backoffLimit: 50 },
      hooks: { beforeRetry: [() => void retries++] },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof TypeError, String(error));
    assert.equal(retries, 2);
  });

  test('a body cut mid-way fails the read, not the status', async () => {
    const response = await ky(`${serve.url}/200?abort=mid-body`, { retry: 0 });
    assert.equal(response.status, 200);
    await assert.rejects(response.text());
  });

  test('Retry-After set by request header is waited for, then the retry goes through', async () => {
    let retries = 0;
    const started = Date.now();
    const error = await ky(`${serve.url}/503/api/items`, {
      headers: { 'Statuskit-Retry-After': '1', 'Statuskit-Sleep': '100' },
      retry: { limit: 1 },
      hooks: { beforeRetry: [() => void retries++] },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof HTTPError && error.response.status === 503);
    assert.equal(error.response.headers.get('retry-after'), '1');
    assert.equal(retries, 1);
    assert.ok(Date.now() - started >= 1150, `two sleeps and a 1 s wait took ${Date.now() - started} ms`);
  });

  test('a dribbled body is read whole', async () => {
    assert.deepEqual(await ky(`${serve.url}/201?dribble=8:50`, { method: 'post' }).json(), {
      success: 'Created',
    });
  });
});
