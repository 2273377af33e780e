import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeIp } from './client-key.js';
import { clientKey, type GuardRequest } from './index.js';

const view = (ip: string | undefined, xff?: string): GuardRequest => ({
  method: 'GET',
  path: '/',
  ip,
  header: (name) => (name === 'x-forwarded-for' ? xff : undefined),
});

describe('normalizeIp', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 in both notations', () => {
    assert.equal(normalizeIp('192.0.2.1'), '192.0.2.1');
    assert.equal(normalizeIp('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(normalizeIp('::FFFF:c000:0201'), '192.0.2.1');
    assert.equal(normalizeIp('0:0:0:0:0:ffff:192.0.2.1'), '192.0.2.1');
  });

  it('groups IPv6 by /64 (or the given prefix), whatever the notation', () => {
    assert.equal(normalizeIp('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(normalizeIp('2001:0DB8:0001:0002::9'), '2001:db8:1:2::/64');
    assert.equal(normalizeIp('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(normalizeIp('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(normalizeIp('::1'), '0:0:0:0::/64');
    assert.equal(normalizeIp('2001:db8:1:2:3:4:5:6', 48), '2001:db8:1::/48');
    assert.equal(normalizeIp('2001:db8:1:2ff:3:4:5:6', 56), '2001:db8:1:200::/56');
    assert.equal(normalizeIp('2001:db8::1', 128), '2001:db8:0:0:0:0:0:1');
    assert.equal(normalizeIp('2001:db8::1.2.3.4', 128), '2001:db8:0:0:0:0:102:304');
  });

  it('returns anything that is not an address unchanged', () => {
    assert.equal(normalizeIp('not:an:address:at:all'), 'not:an:address:at:all');
    assert.equal(normalizeIp('localhost'), 'localhost');
  });
});

describe('clientKey', () => {
  it('uses the socket address by default and ignores X-Forwarded-For', () => {
    const key = clientKey();
    assert.equal(key(view('10.0.0.1', '203.0.113.9')), '10.0.0.1');
    assert.equal(key(view(undefined)), 'unknown');
  });

  it('with trustProxy n, takes the n-th address from the right, or the leftmost', () => {
    const one = clientKey({ trustProxy: true });
    assert.equal(one(view('10.0.0.1', '6.6.6.6, 203.0.113.9')), '203.0.113.9');
    assert.equal(one(view('10.0.0.1')), '10.0.0.1', 'no header: the socket');
    const two = clientKey({ trustProxy: 2 });
    assert.equal(two(view('10.0.0.1', '6.6.6.6, 203.0.113.9, 10.0.0.2')), '203.0.113.9');
    assert.equal(two(view('10.0.0.1', '203.0.113.9')), '203.0.113.9', 'fewer entries: the leftmost');
    assert.equal(one(view('10.0.0.1', '2001:db8:1:2::7')), '2001:db8:1:2::/64');
    assert.equal(one(view('10.0.0.1', '[2001:db8:1:2::7]')), '2001:db8:1:2::/64');
  });

  it('falls back to the socket when the trusted entry is not an address', () => {
    const one = clientKey({ trustProxy: 1 });
    assert.equal(one(view('10.0.0.1', 'evil\r\nheader')), '10.0.0.1');
    assert.equal(one(view('10.0.0.1', '203.0.113.9:4711')), '10.0.0.1');
  });
});
