import type * as NodeCrypto from 'node:crypto';

/**
 * SHA-1 (FIPS 180-4 §6.1), synchronous, on every runtime. ETags must be computed while a response
 * is being written, and Web Crypto's `digest` is asynchronous, so where `node:crypto` is not
 * available (Cloudflare Workers without `nodejs_compat`, browsers) the hash is computed here in
 * plain TypeScript. Both give the same bytes, so instances on different runtimes agree on a tag.
 * SHA-1 serves as a content fingerprint here, not as a security measure.
 */

const encoder = new TextEncoder();

/**
 * `node:crypto` when the runtime has it (Node, Bun, Deno, Workers with `nodejs_compat`), looked up
 * rather than imported so that this module loads everywhere; `null` once known to be absent.
 */
let nodeCrypto: typeof NodeCrypto | null | undefined;

function builtinCrypto(): typeof NodeCrypto | null {
  if (nodeCrypto === undefined) {
    const host = globalThis as { process?: { getBuiltinModule?(id: string): unknown } };
    let found: unknown;
    try {
      found = host.process?.getBuiltinModule?.('node:crypto');
    } catch {
      found = undefined;
    }
    nodeCrypto =
      found !== undefined && typeof (found as typeof NodeCrypto).createHash === 'function'
        ? (found as typeof NodeCrypto)
        : null;
  }
  return nodeCrypto;
}

/**
 * The 20-byte SHA-1 digest of `bytes`, computed in plain TypeScript.
 *
 * @example
 * sha1Bytes(new TextEncoder().encode('abc')) // a9 99 3e 36 … 9c d0 d8 9d
 */
export function sha1Bytes(bytes: Uint8Array): Uint8Array {
  const length = bytes.byteLength;
  const blocks = ((length + 8) >>> 6) + 1;
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Int32Array(80);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(offset + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  outView.setInt32(0, h0);
  outView.setInt32(4, h1);
  outView.setInt32(8, h2);
  outView.setInt32(12, h3);
  outView.setInt32(16, h4);
  return out;
}

/**
 * The SHA-1 of a text's UTF-8 bytes, as 40 lower-case hex digits (what Redis calls a script's SHA).
 *
 * @example
 * sha1Hex('abc') // 'a9993e364706816aba3e25717850c26c9cd0d89d'
 */
export function sha1Hex(text: string): string {
  const digest = sha1Bytes(encoder.encode(text));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Bytes in base64url without padding (RFC 4648 §5).
 *
 * @example
 * toBase64url(Uint8Array.of(0xfb, 0xff)) // '-_8'
 */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64URL[n >>> 18]! + BASE64URL[(n >>> 12) & 63]! + BASE64URL[(n >>> 6) & 63]! + BASE64URL[n & 63]!;
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = bytes[i]!;
    out += BASE64URL[n >>> 2]! + BASE64URL[(n << 4) & 63]!;
  } else if (left === 2) {
    const n = (bytes[i]! << 8) | bytes[i + 1]!;
    out += BASE64URL[n >>> 10]! + BASE64URL[(n >>> 4) & 63]! + BASE64URL[(n << 2) & 63]!;
  }
  return out;
}

/**
 * The SHA-1 of `bytes` in base64url without padding (27 characters): `node:crypto` where the
 * runtime has it, the same digest in plain TypeScript elsewhere.
 *
 * @example
 * sha1Base64url(new TextEncoder().encode('abc')) // 'qZk-NkcGgWq6PiVxeFDCbJzQ2J0'
 */
export function sha1Base64url(bytes: Uint8Array): string {
  const native = builtinCrypto();
  if (native !== null) return native.createHash('sha1').update(bytes).digest('base64url');
  return toBase64url(sha1Bytes(bytes));
}
