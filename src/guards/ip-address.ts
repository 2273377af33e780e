/**
 * IP address syntax in plain TypeScript (no `node:net`), so that `statuskit/guards` loads on every
 * runtime. The patterns are the ones Node's `net.isIPv4` / `net.isIPv6` use: dotted-quad IPv4
 * without leading zeros (RFC 3986 §3.2.2 `IPv4address`), and IPv6 in the text forms of
 * RFC 4291 §2.2 with an optional zone (RFC 4007 §11).
 */

const V4_SEG = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4 = `(?:${V4_SEG}\\.){3}${V4_SEG}`;
const V6_SEG = '(?:[0-9a-fA-F]{1,4})';
const IPV4 = new RegExp(`^${V4}$`);
const IPV6 = new RegExp(
  '^(?:' +
    `(?:${V6_SEG}:){7}(?:${V6_SEG}|:)|` +
    `(?:${V6_SEG}:){6}(?:${V4}|:${V6_SEG}|:)|` +
    `(?:${V6_SEG}:){5}(?::${V4}|(?::${V6_SEG}){1,2}|:)|` +
    `(?:${V6_SEG}:){4}(?:(?::${V6_SEG}){0,1}:${V4}|(?::${V6_SEG}){1,3}|:)|` +
    `(?:${V6_SEG}:){3}(?:(?::${V6_SEG}){0,2}:${V4}|(?::${V6_SEG}){1,4}|:)|` +
    `(?:${V6_SEG}:){2}(?:(?::${V6_SEG}){0,3}:${V4}|(?::${V6_SEG}){1,5}|:)|` +
    `(?:${V6_SEG}:){1}(?:(?::${V6_SEG}){0,4}:${V4}|(?::${V6_SEG}){1,6}|:)|` +
    `(?::(?:(?::${V6_SEG}){0,5}:${V4}|(?::${V6_SEG}){1,7}|:))` +
    ')(?:%[0-9a-zA-Z-.:]{1,})?$',
);

/**
 * True for a dotted-quad IPv4 address such as `192.0.2.1`.
 *
 * @example
 * isIPv4('192.0.2.1') // true
 * isIPv4('192.0.2.01') // false
 */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/**
 * True for an IPv6 address in any of its text forms, with or without a zone (`fe80::1%eth0`).
 *
 * @example
 * isIPv6('2001:db8::1') // true
 * isIPv6('::ffff:192.0.2.1') // true
 */
export function isIPv6(text: string): boolean {
  return IPV6.test(text);
}

/**
 * The eight 16-bit words of an IPv6 address without a zone, or `undefined` when it is not one.
 *
 * @example
 * parseIPv6('2001:db8::1') // [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]
 */
export function parseIPv6(ip: string): number[] | undefined {
  if (ip.includes('%') || !isIPv6(ip)) return undefined;
  let text = ip;
  const words: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let v4: number[] | undefined;
  if (tail.includes('.')) {
    v4 = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  for (const w of left) words.push(Number.parseInt(w, 16));
  for (let i = 0; i < fill; i++) words.push(0);
  for (const w of right) words.push(Number.parseInt(w, 16));
  if (words.length !== 8) return undefined;
  if (v4) {
    words[6] = (v4[0]! << 8) | v4[1]!;
    words[7] = (v4[2]! << 8) | v4[3]!;
  }
  return words;
}
