/**
 * `statuskit serve` (from dist/) under hundreds of faults at once: every one behaves as asked, the
 * process keeps answering, `--max-delayed` turns the one-too-many into a 503 with Retry-After, and
 * waits a client gave up on are released.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServeFromDist } from './fixtures/serve-on-free-port.js';

type Outcome = 'ok' | 'rejected' | 'cut' | number;

async function outcome(url: string, init: RequestInit = {}): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return 'rejected';
  }
  try {
    await response.arrayBuffer();
  } catch {
    return 'cut';
  }
  return response.status === 200 ? 'ok' : response.status;
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[String(o)] = (counts[String(o)] ?? 0) + 1;
  return counts;
}

test('400 faults at once: each as asked, and the server still answers', async () => {
  const serve = await startServeFromDist();
  try {
    const kinds = [
      ['abort=before-headers&sleep=200', 'rejected'],
      ['abort=after-headers', 'cut'],
      ['abort=mid-body&sleepAfterHeaders=200', 'cut'],
      ['dribble=4:50', 'ok'],
      ['sleep=300', 'ok'],
    ] as const;
    const requests = Array.from({ length: 400 }, (_, i) => kinds[i % kinds.length]!);
    const outcomes = await Promise.all(requests.map(([query]) => outcome(`${serve.url}/200?${query}`)));
    for (const [query, expected] of kinds) {
      const mine = outcomes.filter((_, i) => requests[i]![0] === query);
      assert.deepEqual(tally(mine), { [expected]: 80 }, query);
    }
    assert.equal(await outcome(`${serve.url}/200`), 'ok');
    assert.equal(await outcome(`${serve.url}/200?sleep=10`), 'ok', 'no wait is left counted');
  } finally {
    await serve.close();
  }
});

test('--max-delayed: answers over the limit get 503 with Retry-After; released waits free their place', async () => {
  const serve = await startServeFromDist(['--max-delayed', '50', '--max-sleep', '5000']);
  try {
    // 50 answers hold their body back; their headers prove each one is counted.
    const held = await Promise.all(
      Array.from({ length: 50 }, () => fetch(`${serve.url}/200?sleepAfterHeaders=2000`)),
    );
    const refused = await fetch(`${serve.url}/200?sleep=10`);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(((await refused.json()) as { error: string }).error, /--max-delayed/);
    const plain = await fetch(`${serve.url}/404`);
    assert.equal(plain.status, 404, 'answers without a wait are never refused');
    await plain.arrayBuffer();
    const bodies = await Promise.all(held.map((r) => r.json()));
    assert.deepEqual(new Set(bodies.map((b) => JSON.stringify(b))), new Set(['{"success":"OK"}']));
    // Clients that go away release their place: 50 abandoned waits, then 50 more fit.
    const controller = new AbortController();
    const abandoned = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${serve.url}/200?sleepAfterHeaders=5000`, { signal: controller.signal }),
      ),
    );
    controller.abort();
    const reads = await Promise.allSettled(abandoned.map((r) => r.arrayBuffer()));
    assert.ok(reads.every((r) => r.status === 'rejected'));
    // The server learns of each close from its socket: ask until a batch of 50 fits (at most 5 s).
    let next: Record<string, number> = {};
    for (let i = 0; i < 50 && next.ok !== 50; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      next = tally(await Promise.all(Array.from({ length: 50 }, () => outcome(`${serve.url}/200?sleep=20`))));
    }
    assert.deepEqual(next, { ok: 50 });
  } finally {
    await serve.close();
  }
});
