/**
 * The guard suites (guards-table.ts) against every adapter's fixture app, over real sockets on
 * 127.0.0.1, each suite on a fresh app started with the suite's options. Only a fixture file that
 * does not exist is skipped; one that does not serve the guard routes fails.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SLOW_MS } from '../fixtures/guard-routes.js';
import { FIXTURE_APPS, type FixtureApp, fixtureMissing, fixturePath, type RunningApp } from './apps.js';
import { guardSuites } from './guards-table.js';
import { assertScenario, type Target, targetOf, type Vars } from './run.js';

/** Starts a fixture app with the given options. */
async function startWith(app: FixtureApp, options: Record<string, unknown>): Promise<RunningApp> {
  const mod = (await import(pathToFileURL(fixturePath(app)).href)) as {
    startApp?: (options: Record<string, unknown>) => Promise<RunningApp>;
  };
  if (typeof mod.startApp !== 'function')
    throw new Error(`test/fixtures/${app.file} does not export startApp()`);
  return mod.startApp(options);
}

/**
 * A fixture is skipped only when its file does not exist. One that exists but does not serve the
 * guard routes (or fails to start) runs and fails: a regression must not turn into a skip.
 */
const skips = new Map<FixtureApp, string | undefined>(FIXTURE_APPS.map((app) => [app, fixtureMissing(app)]));

/** One parsed HTTP/1.1 response with a Content-Length body. */
interface Exchanged {
  status: number;
  body: string;
}

/**
 * A kept-alive connection: `send` writes a request (no `Connection: close`) and resolves with the
 * next complete response; `received` is every byte read so far, to prove nothing stray arrived.
 */
function keptAlive(port: number) {
  const socket = connect(port, '127.0.0.1');
  let buffer = Buffer.alloc(0);
  let received = 0;
  let waiter: (() => void) | undefined;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    received += chunk.length;
    waiter?.();
  });
  socket.on('close', () => {
    closed = true;
    waiter?.();
  });
  socket.on('error', () => {});

  function take(): Exchanged | undefined {
    const end = buffer.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const head = buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (buffer.length < end + 4 + length) return undefined;
    const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    buffer = buffer.subarray(end + 4 + length);
    return { status: Number(head.split(' ')[1]), body };
  }

  return {
    get received() {
      return received;
    },
    get closed() {
      return closed;
    },
    send(path: string): Promise<Exchanged> {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no complete answer to GET ${path} in 10 s`)),
          10_000,
        );
        waiter = () => {
          const response = take();
          if (response) {
            clearTimeout(timer);
            waiter = undefined;
            resolve(response);
          } else if (closed) {
            clearTimeout(timer);
            reject(new Error(`connection closed before the answer to GET ${path}`));
          }
        };
        waiter();
      });
    },
    close() {
      socket.destroy();
    },
  };
}

for (const app of FIXTURE_APPS) {
  const skip = skips.get(app);
  for (const suite of guardSuites) {
    describe(`${suite.name} on ${app.label} (test/fixtures/${app.file})`, { skip: skip ?? false }, () => {
      let running: RunningApp | undefined;
      let target: Target;
      const vars: Vars = new Map();
      before(async () => {
        running = await startWith(app, suite.options());
        target = targetOf(running.url);
      });
      after(async () => {
        await running?.close();
      });
      for (const scenario of suite.scenarios) {
        it(scenario.name, { timeout: 15_000 }, () => assertScenario(target, scenario, vars));
      }
      if (suite.scenarios.some((s) => s.request.path === '/slow')) {
        it('a late answer after the deadline writes nothing into the kept-alive connection', async () => {
          const connection = keptAlive(target.port);
          try {
            const late = await connection.send('/slow');
            assert.equal(late.status, 503);
            assert.deepEqual(JSON.parse(late.body), { error: 'Service unavailable' });
            const before = connection.received;
            // Bounded wait: long enough for the slow handler to finish and try to answer.
            await new Promise((resolve) => setTimeout(resolve, SLOW_MS + 500));
            assert.equal(connection.received, before, 'bytes arrived after the 503');
            assert.equal(connection.closed, false, 'the connection was closed');
            const next = await connection.send('/items');
            assert.equal(next.status, 200);
            assert.equal(next.body, '{"success":"OK","data":[{"id":1}]}');
          } finally {
            connection.close();
          }
        });
      }
    });
  }
}
