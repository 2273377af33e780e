import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sha1Base64url, sha1Bytes, sha1Hex, toBase64url } from './sha1.js';

describe('sha1 in plain TypeScript', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    assert.equal(sha1Hex('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(sha1Hex(''), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    assert.equal(
      sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    assert.equal(sha1Hex('a'.repeat(1_000_000)), '34aa973cd4c4daa4f61eeb2bdbad27316534016f');
  });

  it('agrees with node:crypto on any bytes, including every length around a block edge', () => {
    for (let n = 0; n < 140; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
      assert.equal(
        Buffer.from(sha1Bytes(bytes)).toString('hex'),
        createHash('sha1').update(bytes).digest('hex'),
      );
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const expected = createHash('sha1').update(bytes).digest();
        assert.deepEqual(Buffer.from(sha1Bytes(bytes)), expected);
      }),
    );
  });

  it('gives base64url without padding, as node:crypto does', () => {
    const bytes = new TextEncoder().encode('{"success":"OK","data":{"id":1}}');
    assert.equal(sha1Base64url(bytes), createHash('sha1').update(bytes).digest('base64url'));
    assert.equal(sha1Base64url(bytes).length, 27);
    assert.equal(toBase64url(sha1Bytes(bytes)), sha1Base64url(bytes), 'the plain path gives the same tag');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (any) => {
        assert.equal(toBase64url(any), Buffer.from(any).toString('base64url'));
      }),
    );
  });
});
