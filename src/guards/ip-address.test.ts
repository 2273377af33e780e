import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isIPv4, isIPv6, parseIPv6 } from './ip-address.js';

describe('IP address syntax without node:net', () => {
  it('agrees with node:net on addresses and near misses', () => {
    const samples = [
      '192.0.2.1',
      '0.0.0.0',
      '255.255.255.255',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      '::',
      '::1',
      '2001:db8::1',
      '2001:DB8:0:0:0:0:0:1',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '::ffff:192.0.2.1',
      '64:ff9b::192.0.2.33',
      'fe80::1%eth0',
      'fe80::1%',
      '12345::1',
      'g::1',
      '',
      'localhost',
      ':::',
      '1:2:3:4:5:6:1.2.3.4',
    ];
    for (const s of samples) {
      assert.equal(isIPv4(s), net.isIPv4(s), `isIPv4(${s})`);
      assert.equal(isIPv6(s), net.isIPv6(s), `isIPv6(${s})`);
    }
    fc.assert(
      fc.property(
        fc.oneof(
          fc.ipV4(),
          fc.ipV6(),
          fc.ipV4Extended(),
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef:.%') }),
        ),
        (s) => {
          assert.equal(isIPv4(s), net.isIPv4(s), s);
          assert.equal(isIPv6(s), net.isIPv6(s), s);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('parses IPv6 into the words node:net.SocketAddress would give', () => {
    assert.deepEqual(parseIPv6('2001:db8::1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(parseIPv6('::ffff:192.0.2.1'), [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    assert.equal(parseIPv6('192.0.2.1'), undefined);
    assert.equal(parseIPv6('fe80::1%eth0'), undefined, 'the caller strips the zone');
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const block = new net.BlockList();
        block.addAddress(ip, 'ipv6');
        const words = parseIPv6(ip);
        assert.ok(words !== undefined && words.length === 8, ip);
        const canonical = words.map((w) => w.toString(16)).join(':');
        assert.ok(block.check(canonical, 'ipv6'), `${ip} → ${canonical}`);
      }),
    );
  });
});
