import { isIPv4, isIPv6, parseIPv6 } from './ip-address.js';
import { invalidOption } from './options.js';
import type { GuardRequest } from './types.js';

/**
 * How to find a client's address.
 *
 * @example
 * clientKey({ trustProxy: 1, ipv6Subnet: 56 })
 */
export interface ClientKeyOptions {
  /**
   * How many proxies in front of the app append to `X-Forwarded-For`. `false` (default) ignores the
   * header, since any client can send it. `true` means 1. With `n`, the address is the `n`-th entry
   * from the right (the one the outermost trusted proxy saw), or the leftmost if there are fewer.
   */
  trustProxy?: boolean | number;
  /** IPv6 prefix length that groups one client's addresses. Default 64 (one customer's subnet). */
  ipv6Subnet?: number;
}

/**
 * Reduces an address to the key a rate limiter counts: IPv4 as is, an IPv4-mapped IPv6 address as
 * the IPv4 address, IPv6 cut to its first `subnet` bits (`2001:db8:1:2::/64`). Anything else
 * (not an IP address) is returned unchanged.
 *
 * @example
 * normalizeIp('::ffff:192.0.2.1') // '192.0.2.1'
 * normalizeIp('2001:db8:1:2:3:4:5:6') // '2001:db8:1:2::/64'
 */
export function normalizeIp(ip: string, subnet = 64): string {
  if (ip.indexOf(':') === -1) return ip; // IPv4 (or a name): the fast path
  const zone = ip.indexOf('%');
  const bare = zone === -1 ? ip : ip.slice(0, zone);
  const words = parseIPv6(bare);
  if (words === undefined) return ip;
  // ::ffff:a.b.c.d, in either notation
  if (
    words[0] === 0 &&
    words[1] === 0 &&
    words[2] === 0 &&
    words[3] === 0 &&
    words[4] === 0 &&
    words[5] === 0xffff
  ) {
    const hi = words[6]!;
    const lo = words[7]!;
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  let bits = subnet;
  const kept: string[] = [];
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    kept.push((words[i]! & mask).toString(16));
  }
  return subnet >= 128 ? kept.join(':') : `${kept.join(':')}${kept.length < 8 ? '::' : ''}/${subnet}`;
}

/**
 * Makes the default key function of `rateLimit`: the client's address, normalised (an IPv4-mapped
 * IPv6 address as IPv4, an IPv6 address as its `ipv6Subnet`, /64 by default), from the socket
 * unless `trustProxy` says how many proxies to believe.
 * A request with no known address gets the key `unknown`.
 *
 * @example
 * const key = clientKey({ trustProxy: 1 });
 * key(view) // '203.0.113.7'
 */
export function clientKey(options: ClientKeyOptions = {}): (request: GuardRequest) => string {
  const hops = options.trustProxy === true ? 1 : options.trustProxy === false ? 0 : (options.trustProxy ?? 0);
  if (!Number.isInteger(hops) || hops < 0) {
    invalidOption(
      'rateLimit',
      'trustProxy',
      options.trustProxy,
      'pass false, true, or the number of proxies in front of the app.',
    );
  }
  const subnet = options.ipv6Subnet ?? 64;
  if (!Number.isInteger(subnet) || subnet < 1 || subnet > 128) {
    invalidOption(
      'rateLimit',
      'ipv6Subnet',
      options.ipv6Subnet,
      'pass a prefix length from 1 to 128 (default 64).',
    );
  }
  // IPv6 parsing costs about a microsecond; clients repeat, so remember recent answers (bounded)
  const cache = new Map<string, string>();
  const normalize = (ip: string | undefined): string => {
    if (ip === undefined || ip === '') return 'unknown';
    if (ip.indexOf(':') === -1) return ip;
    let key = cache.get(ip);
    if (key === undefined) {
      key = normalizeIp(ip, subnet);
      if (cache.size >= 4096) cache.clear();
      cache.set(ip, key);
    }
    return key;
  };
  if (hops === 0) {
    return function keyBySocket(request) {
      return normalize(request.ip);
    };
  }
  return function keyByForwardedFor(request) {
    return normalize(forwardedAddress(request, hops));
  };
}

/** The socket address, or the address `hops` trusted proxies report in `X-Forwarded-For`. */
function forwardedAddress(request: GuardRequest, hops: number): string | undefined {
  const header = request.header('x-forwarded-for');
  if (header === undefined || header === '') return request.ip;
  const entries = header.split(',');
  // chain: [socket, rightmost entry, ..., leftmost entry]; take chain[min(hops, length - 1)]
  const index = Math.max(0, entries.length - hops);
  const candidate = entries[index]!.trim();
  const unbracketed = candidate.startsWith('[') ? candidate.slice(1, candidate.indexOf(']')) : candidate;
  return isIPv4(unbracketed) || isIPv6(unbracketed.split('%')[0]!) ? unbracketed : request.ip;
}
