/**
 * The fixture scenario table (test/scenarios/table.ts) and the guard suites
 * (test/scenarios/guards-table.ts) against the Hono fixture app served by Bun (`Bun.serve`), Deno
 * (`Deno.serve`) and workerd (a Worker module, no compatibility flags), over real sockets on
 * 127.0.0.1. The app is test/fixtures/statuskit-hono.ts's, bundled from the built package (dist/,
 * through its name) for the browser platform, so nothing of Node's is in it; each guard suite has an app of
 * its own, started with the suite's options, and runs in order as on Node. The same runtime process
 * serves the notes example (examples/notes/hono-app.ts) to its scenario table and its rate-limit
 * rows (test/scenarios/examples-table.ts, as test/scenarios/examples.test.ts runs them on Node), and
 * the README's Hono example to the requests its section documents (readme-hono.ts), which also run
 * on Node with `serve()` from statuskit/hono/node.
 *
 * The rows listed in {@link SERVER_ROWS} test the HTTP server rather than the app: on Node,
 * statuskit's `configureServer` answers malformed requests, unknown methods and `Expect:
 * 100-continue` itself; on these runtimes their own HTTP server does, before any app code runs
 * (or lets the request through), so those rows are skipped there, each with the reason. The rows
 * run concurrently: workerd keeps a connection open after answering a request that asked to close
 * it, so each raw request waits out the runner's 5 s read timeout there.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeStatus } from 'statuskit/registry';
import { etagForData } from '../../src/guards/conditional-response.js';
import { assertDocumentedAnswer } from '../readme-snippets.js';
import {
  assertRateLimitScenario,
  exampleScenarios,
  rateLimitScenarios,
} from '../scenarios/examples-table.js';
import { guardSuites } from '../scenarios/guards-table.js';
import { assertScenario, type Target, targetOf, type Vars } from '../scenarios/run.js';
import { scenarios } from '../scenarios/table.js';
import { FIXTURE, NOTES, NOTES_RATE_LIMIT, PORTABLE, README_HONO } from './apps.js';
import { type RunningRuntime, type RuntimeName, runtimeBinary, startOnRuntime } from './launch.js';
import { computed } from './portable-app.js';
import { pathOf, readmeHono, startReadmeHonoOnNode } from './readme-hono.js';

const PARSER = 'answered by the runtime’s own HTTP parser before the app runs';
const CONTINUE = 'the runtime’s HTTP server sends 100 Continue itself, before the app sees the request';

const EARLY_CLOSE =
  'Bun closes the socket with the unread rest of the body still in it, so a client that sent it all may get a reset before the 413 (2 runs in about 8 here)';

/** Rows about the HTTP server, by runtime: why each does not apply there. */
const SERVER_ROWS: Record<RuntimeName, Record<string, string>> = {
  Bun: {
    'FOO /items answers 501': 'Bun closes the connection on an unknown method without answering',
    'an error after the headers were sent ends the connection':
      'the route waits for Node’s response (c.env.outgoing) to have sent its headers; on Bun its stream fails before Bun sends any',
    'Expect: 100-continue with an oversized Content-Length answers 413 before any 100': CONTINUE,
    'the early 413 before 100 Continue as problem+json': CONTINUE,
    'a bad request line answers 400 in the envelope': `${PARSER} (505, no body)`,
    'an invalid Content-Length answers 400 in the envelope': `${PARSER} (400, no body)`,
    'an invalid chunk size answers 400 in the envelope': `${PARSER} (400, no body)`,
    'an invalid chunk size on a route that streams its answer gets a 400, never one written into a half-sent response': `${PARSER}: Bun writes its 400 into the streamed 200`,
    'a request without Host answers 400 in the envelope': `${PARSER} (400, no body)`,
    'header overflow answers 431 in the envelope': `${PARSER} (431, no body)`,
    'an overlong URI answers 414 in the envelope': `${PARSER} (431, no body)`,
    'a 4 kB body answers 413 from its Content-Length': EARLY_CLOSE,
    'a chunked body that grows past the limit answers 413': EARLY_CLOSE,
  },
  Deno: {
    'FOO /items answers 501':
      'Deno passes an unknown method to the app, where statuskit/hono answers 501 "Method FOO is not implemented"',
    'Expect: 100-continue with an oversized Content-Length answers 413 before any 100': CONTINUE,
    'the early 413 before 100 Continue as problem+json': CONTINUE,
    'a bad request line answers 400 in the envelope': `${PARSER} (400, no body)`,
    'an invalid Content-Length answers 400 in the envelope': `${PARSER} (400, no body)`,
    'an invalid chunk size answers 400 in the envelope': 'Deno closes the connection without answering',
    'an invalid chunk size on a route that streams its answer gets a 400, never one written into a half-sent response':
      'Deno closes the connection without answering',
    'a request without Host answers 400 in the envelope': 'Deno serves a request without Host',
    'header overflow answers 431 in the envelope': 'Deno accepts headers of any size',
    'an overlong URI answers 414 in the envelope': 'Deno accepts a URI of any length (the app answers 404)',
  },
  workerd: {
    'FOO /items answers 501': `${PARSER} (501 in text/plain)`,
    'Expect: 100-continue with a small body gets 100 then 201': 'workerd sends no 100 Continue',
    'Boom conflict answers 409': '@hapi/boom needs Node’s Buffer, which a Worker without nodejs_compat lacks',
    'an error after the headers were sent ends the connection':
      'workerd ends the chunked body cleanly when the response stream fails, instead of cutting it',
    'a bad request line answers 400 in the envelope': 'workerd serves the request line "GET / HTTP/1.1 x"',
    'an invalid Content-Length answers 400 in the envelope': `${PARSER} (500 in text/plain)`,
    'an invalid chunk size answers 400 in the envelope':
      'workerd hands the app a body stream that fails: statuskit/hono answers 400 "Request body could not be read"',
    'an invalid chunk size on a route that streams its answer gets a 400, never one written into a half-sent response':
      'workerd hands the app a body stream that fails: statuskit/hono answers 400 "Request body could not be read"',
    'a request without Host answers 400 in the envelope': `${PARSER} (400 in text/plain)`,
    'header overflow answers 431 in the envelope': 'workerd accepts headers of any size',
    'an overlong URI answers 414 in the envelope':
      'workerd accepts a URI of any length (the app answers 404)',
  },
};

/**
 * Rows of the notes example's table (test/scenarios/examples-table.ts) about the HTTP server, by
 * runtime: the same server behaviour as the fixture rows of {@link SERVER_ROWS} on the notes paths.
 * On Bun the notes example's early 413s are skipped as the fixture's are: they passed in runs on a
 * quiet machine, but under load Bun closed the socket before the 413 reached the client.
 */
const NOTES_SERVER_ROWS: Record<RuntimeName, Record<string, string>> = {
  Bun: {
    'FOO /notes answers 501': SERVER_ROWS.Bun['FOO /items answers 501']!,
    'POST /notes with Expect: 100-continue and 200 kB answers 413 before any 100': CONTINUE,
    'a bad request line answers 400': `${PARSER} (505, no body)`,
    'header overflow answers 431': `${PARSER} (431, no body)`,
    'an overlong URI answers 414': `${PARSER} (431, no body)`,
    'POST /notes with a 150 kB body answers 413': EARLY_CLOSE,
    'GET /notes with a 150 kB body answers 413 too': EARLY_CLOSE,
    'POST /notes with a chunked body growing past 100 kB answers 413': EARLY_CLOSE,
  },
  Deno: {
    'FOO /notes answers 501': SERVER_ROWS.Deno['FOO /items answers 501']!,
    'POST /notes with Expect: 100-continue and 200 kB answers 413 before any 100': CONTINUE,
    'a bad request line answers 400': `${PARSER} (400, no body)`,
    'header overflow answers 431': SERVER_ROWS.Deno['header overflow answers 431 in the envelope']!,
    'an overlong URI answers 414': SERVER_ROWS.Deno['an overlong URI answers 414 in the envelope']!,
  },
  workerd: {
    'FOO /notes answers 501': SERVER_ROWS.workerd['FOO /items answers 501']!,
    'a bad request line answers 400': 'workerd serves the request line "GET /notes HTTX/1.1" (200)',
    'header overflow answers 431': SERVER_ROWS.workerd['header overflow answers 431 in the envelope']!,
    'an overlong URI answers 414': SERVER_ROWS.workerd['an overlong URI answers 414 in the envelope']!,
  },
};

/**
 * The notes example's target: its rows run in order, and workerd (after any answer) and Deno (after
 * an early 413) keep a connection open although the request asked to close it, so a raw exchange
 * waits only a moment for the close once a complete answer is in, not the runner's 5 s.
 */
function notesTarget(url: string): Target {
  return { ...targetOf(url), settleMs: 200 };
}

/** Guard-suite rows that do not apply on a runtime, by suite and row name, with the reason. */
const SUITE_ROWS: Record<RuntimeName, Record<string, Record<string, string>>> = {
  Bun: {},
  Deno: {},
  workerd: {},
};

for (const name of ['Bun', 'Deno', 'workerd'] as const) {
  const found = runtimeBinary(name);
  const skip = 'missing' in found ? found.missing : false;
  if (skip) console.log(`# ${skip}`);
  describe(`the Hono fixture app on ${name}`, { skip, concurrency: true }, () => {
    let running: RunningRuntime | undefined;
    before(async () => {
      running = await startOnRuntime(name);
    });
    after(async () => {
      const output = running?.output() ?? '';
      await running?.close();
      if (process.env.SHOW_RUNTIME_OUTPUT) console.log(`--- ${name} printed:\n${output}`);
      // Deno warns when a handler reads request.signal (as copying a request does); plain Hono does not
      assert.doesNotMatch(
        output,
        /request\.signal aborts/,
        `${name} printed a warning caused by the adapter`,
      );
    });

    describe('fixture scenarios', { concurrency: true }, () => {
      let target: Target;
      before(() => {
        target = targetOf(running!.urls[FIXTURE]!);
      });
      for (const scenario of scenarios) {
        const why = SERVER_ROWS[name][scenario.name];
        it(scenario.name, { timeout: 20_000, skip: why ?? false }, () => assertScenario(target, scenario));
      }
      it('every row named as a server row exists in the table', () => {
        const names = new Set(scenarios.map((s) => s.name));
        const stale = Object.keys(SERVER_ROWS[name]).filter((row) => !names.has(row));
        if (stale.length > 0) throw new Error(`no such rows: ${stale.join('; ')}`);
      });
    });

    describe('the portable entry points', { concurrency: true }, () => {
      const get = async (path: string) => {
        const res = await fetch(`${running!.urls[PORTABLE]}${path}`, { signal: AbortSignal.timeout(10_000) });
        return {
          status: res.status,
          etag: res.headers.get('etag'),
          json: (await res.json()) as { data?: unknown },
        };
      };
      it('statuskit/registry answers as on Node', async () => {
        const answer = await get('/status/429');
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.json.data, JSON.parse(JSON.stringify(describeStatus(429))));
      });
      it('ETags and IP keys are the ones Node computes (SHA-1 and IP parsing without node:)', async () => {
        const answer = await get('/computed');
        assert.deepEqual(answer.json.data, computed());
        assert.equal(
          answer.etag,
          etagForData(computed(), 'strong'),
          'the etag option tags the answer as on Node',
        );
      });
      it('a rate limit keyed by the client address is refused at setup only where the runtime tells none', async () => {
        const answer = await get('/no-address');
        const refused = name === 'workerd' ? 'ERR_STATUSKIT_NO_CLIENT_ADDRESS' : 'accepted';
        assert.deepEqual(answer.json.data, { appWide: refused, route: refused, withIp: 'accepted' });
      });
      it('loadShedding() starts and admits requests', async () => {
        const answer = await get('/shed');
        assert.equal(answer.status, 200);
        const data = answer.json.data as { dropProbability: number; sampled: boolean };
        assert.equal(data.dropProbability, 0);
        // workerd: the clock stands still while code runs, and timers in a request may not sample
        if (name !== 'workerd') assert.equal(data.sampled, true, 'the sampler ran');
      });
    });

    describe('the notes example (examples/notes/hono-app.ts)', { concurrency: 1 }, () => {
      let target: Target;
      const vars: Vars = new Map();
      before(() => {
        target = notesTarget(running!.urls[NOTES]!);
      });
      for (const scenario of exampleScenarios) {
        const why = NOTES_SERVER_ROWS[name][scenario.name];
        it(scenario.name, { timeout: 20_000, skip: why ?? false }, () =>
          assertScenario(target, scenario, vars),
        );
      }
      it('every row named as a server row exists in the table', () => {
        const names = new Set(exampleScenarios.map((s) => s.name));
        const stale = Object.keys(NOTES_SERVER_ROWS[name]).filter((row) => !names.has(row));
        if (stale.length > 0) throw new Error(`no such rows: ${stale.join('; ')}`);
      });
    });

    describe('the notes example with 2 writes a minute', { concurrency: 1 }, () => {
      let target: Target;
      const vars: Vars = new Map();
      before(() => {
        target = notesTarget(running!.urls[NOTES_RATE_LIMIT]!);
      });
      for (const scenario of rateLimitScenarios) {
        it(scenario.name, { timeout: 20_000 }, () => assertRateLimitScenario(target, scenario, vars));
      }
    });

    describe('the README’s Hono example', { concurrency: 1 }, () => {
      // on workerd the test plays Cloudflare's edge, which tells the Worker the client's address
      const edge: Record<string, string> = name === 'workerd' ? { 'cf-connecting-ip': '192.0.2.1' } : {};
      for (const request of readmeHono(name).requests) {
        it(request.line, { timeout: 20_000 }, () =>
          assertDocumentedAnswer(request, `${running!.urls[README_HONO]}${pathOf(request)}`, edge),
        );
      }
    });

    for (const suite of guardSuites) {
      describe(suite.name, { concurrency: 1 }, () => {
        let target: Target;
        const vars: Vars = new Map();
        before(() => {
          target = targetOf(running!.urls[suite.name]!);
        });
        for (const scenario of suite.scenarios) {
          const why = SUITE_ROWS[name][suite.name]?.[scenario.name];
          it(scenario.name, { timeout: 20_000, skip: why ?? false }, () =>
            assertScenario(target, scenario, vars),
          );
        }
      });
    }
  });
}

describe('the README’s Hono example on Node (serve() from statuskit/hono/node)', { concurrency: 1 }, () => {
  let running: { url: string; close(): Promise<void> } | undefined;
  before(async () => {
    running = await startReadmeHonoOnNode();
  });
  after(() => running?.close());
  for (const request of readmeHono('Node').requests) {
    it(request.line, { timeout: 20_000 }, () =>
      assertDocumentedAnswer(request, `${running!.url}${pathOf(request)}`),
    );
  }
});
