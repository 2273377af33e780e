import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GuardRequest, maintenance } from './index.js';

const view = (path = '/notes'): GuardRequest => ({
  method: 'GET',
  path,
  ip: '192.0.2.1',
  header: () => undefined,
});

describe('maintenance', () => {
  it('is off by default and can be flipped at run time', () => {
    const mode = maintenance({ exemptPaths: ['/health'] });
    assert.equal(mode.enabled, false);
    assert.equal(mode.check(view()), undefined);
    mode.enable();
    assert.equal(mode.enabled, true);
    const d = mode.check(view());
    assert.equal(d?.error?.status, 503);
    assert.equal(d?.error?.message, 'Down for maintenance');
    assert.equal(d?.error?.expose, true, 'the message reaches the client');
    assert.equal(d?.error?.headers['retry-after'], '60');
    assert.equal(mode.check(view('/health')), undefined, 'exempt');
    mode.disable();
    assert.equal(mode.enabled, false);
    assert.equal(mode.check(view()), undefined);
  });

  it('takes a message and Retry-After per enable(), as seconds or a date', () => {
    const mode = maintenance({
      enabled: true,
      retryAfter: 10,
      exempt: (req) => req.path.startsWith('/admin'),
    });
    assert.equal(mode.check(view())?.error?.headers['retry-after'], '10');
    assert.equal(mode.check(view('/admin/maintenance')), undefined);
    mode.enable({ retryAfter: 300, message: 'Upgrading the database' });
    const d = mode.check(view());
    assert.equal(d?.error?.message, 'Upgrading the database');
    assert.equal(d?.error?.headers['retry-after'], '300');
    mode.enable({ retryAfter: new Date(Date.now() + 90_500) });
    const seconds = Number(mode.check(view())?.error?.headers['retry-after']);
    assert.ok(seconds >= 89 && seconds <= 91, String(seconds));
    assert.equal(mode.check(view())?.error?.message, 'Down for maintenance');
  });

  it('rejects bad settings', () => {
    const mode = maintenance();
    assert.throws(() => mode.enable({ retryAfter: -5 }), /retryAfter/);
    assert.throws(() => mode.enable({ retryAfter: new Date('nope') }), /retryAfter/);
    assert.equal(mode.enabled, false);
  });
});
