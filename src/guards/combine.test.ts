import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createErrorResponder } from '../index.js';
import {
  combineGuards,
  type Guard,
  type GuardRequest,
  type GuardResult,
  maintenance,
  rateLimit,
} from './index.js';
import { nodeGuardRequest } from './request.js';

const view: GuardRequest = { method: 'GET', path: '/', ip: '192.0.2.1', header: () => undefined };

describe('combineGuards', () => {
  it('stays synchronous with synchronous guards, merges headers, stops at the first error', () => {
    let laterRan = false;
    const mode = maintenance();
    const limiter = rateLimit({ limit: 1 });
    const spy: Guard = {
      name: 'spy',
      check: () => {
        laterRan = true;
        return { headers: { 'x-spy': '1' } };
      },
    };
    const guard = combineGuards(mode, limiter, spy);
    const first = guard.check(view);
    assert.ok(!(first instanceof Promise));
    assert.equal(first?.headers?.['x-spy'], '1');
    assert.ok(first?.headers?.ratelimit);
    laterRan = false;
    const second = guard.check(view) as GuardResult;
    assert.equal(second?.error?.status, 429);
    assert.equal(laterRan, false, 'guards after an error do not run');
    mode.enable();
    assert.equal((guard.check(view) as GuardResult)?.error?.status, 503, 'maintenance first: no token spent');
  });

  it('continues after an asynchronous guard', async () => {
    const slow: Guard = { name: 'slow', check: async () => ({ headers: { 'x-a': '1' } }) };
    const tail: Guard = { name: 'tail', check: () => ({ headers: { 'x-b': '2' } }) };
    const result = combineGuards(slow, tail).check(view);
    assert.ok(result instanceof Promise);
    assert.deepEqual((await result)?.headers, { 'x-a': '1', 'x-b': '2' });
  });
});

describe('nodeGuardRequest, wired into a plain node:http server the way an adapter would', () => {
  it('answers 429 with Retry-After and RateLimit fields through the error responder', async () => {
    const limiter = rateLimit({ limit: 2, windowMs: 60_000, skip: (req) => req.path === '/free' });
    const respond = createErrorResponder({ logger: false });
    const seen: GuardRequest[] = [];
    const server = createServer((req, res) => {
      const request = nodeGuardRequest(req);
      seen.push(request);
      const decision = limiter.check(request) as GuardResult;
      for (const [k, v] of Object.entries(decision?.headers ?? {})) res.setHeader(k, v);
      if (decision?.error) {
        const out = respond(decision.error, req.headers.accept);
        res.writeHead(out.status, out.headers).end(out.body);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":"OK"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 3; i++) {
        last = await fetch(`${base}/notes?x=1`, { headers: { 'x-forwarded-for': `203.0.113.${i}` } });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      assert.equal(last?.headers.get('retry-after'), '30');
      assert.equal(last?.headers.get('ratelimit'), '"default";r=0;t=30');
      assert.equal(last?.headers.get('cache-control'), 'no-store');
      assert.deepEqual(await last?.json(), { error: 'Too many requests' });
      assert.equal((await fetch(`${base}/free`)).status, 200);
      assert.equal(seen[0]?.path, '/notes');
      assert.equal(seen[0]?.method, 'GET');
      assert.equal(seen[0]?.ip, '127.0.0.1');
      assert.equal(seen[0]?.header('x-forwarded-for'), '203.0.113.0');
    } finally {
      server.close();
    }
  });
});

describe('the statuses guards declare', () => {
  it('each of statuskit’s guards names what it answers, and combineGuards joins them once each', () => {
    const limiter = rateLimit({ limit: 1 });
    const closed = rateLimit({ limit: 1, failClosed: true });
    assert.deepEqual(limiter.statuses, [429]);
    assert.deepEqual(closed.statuses, [429, 503]);
    assert.deepEqual(maintenance().statuses, [503]);
    const own: Guard = { name: 'own', check: () => undefined };
    assert.deepEqual(combineGuards(maintenance(), own, closed, limiter).statuses, [503, 429]);
    limiter.close();
    closed.close();
  });
});
