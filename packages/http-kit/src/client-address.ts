import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { PlatformError } from '@lifeosai/errors';

/**
 * The header a service sends to another with the service token (see
 * docs/decisions/0004-service-credentials.md). Never logged: the loggers censor it.
 */
export const SERVICE_TOKEN_HEADER = 'x-lifeosai-service-token';

/**
 * The browser's address as the calling service determined it (the web server from its socket,
 * the gateway from the web server's word). Believed only next to a valid service token.
 */
export const CLIENT_IP_HEADER = 'x-lifeosai-client-ip';

type Headers = Record<string, string | string[] | undefined>;

/** A set of addresses (IPs and CIDR ranges), e.g. the proxies in front of a service. */
export interface TrustedNetworks {
  /** Whether `address` (IPv4, IPv6 or IPv4-mapped IPv6) is inside the set. */
  contains(address: string | undefined): boolean;
}

/** Parses IPs and CIDR ranges; anything else is `CONFIG_INVALID` naming the entry. */
export function trustedNetworks(entries: readonly string[]): TrustedNetworks {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefixText] = entry.split('/');
    const family = isIP(address);
    if (family === 0) {
      throw new PlatformError('CONFIG_INVALID', `"${entry}" is not an IP address or CIDR range.`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefixText), type);
  }
  return {
    contains(address) {
      const plain = unmapIpv4(address);
      if (!plain) return false;
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** `::ffff:127.0.0.1` → `127.0.0.1` (how Node reports IPv4 peers on a dual-stack socket). */
export function unmapIpv4(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

export interface ProxyPolicy {
  /** Header names a configured proxy uses to name the client, e.g. `x-forwarded-for`. */
  headers: readonly string[];
  /** The proxies whose headers are believed (none unless configured). */
  proxies: TrustedNetworks;
}

/**
 * The client's address from the socket and the configured proxies alone. A peer that is not a
 * configured proxy is the client itself: whatever headers it sent are ignored. From a proxy,
 * the first configured header present is read right to left — each proxy appends the address
 * it saw — skipping hops that are proxies themselves; the first other hop is the client.
 */
export function resolveClientIp(
  peerAddress: string | undefined,
  headers: Headers,
  policy: ProxyPolicy,
): string {
  const peer = unmapIpv4(peerAddress) ?? 'unknown';
  if (!policy.proxies.contains(peer)) return peer;
  for (const name of policy.headers) {
    const hops = (headerText(headers, name) ?? '')
      .split(',')
      .map((hop) => unmapIpv4(hop.trim()))
      .filter((hop): hop is string => !!hop && isIP(hop) !== 0);
    if (hops.length === 0) continue;
    for (let index = hops.length - 1; index >= 0; index--) {
      if (!policy.proxies.contains(hops[index])) return hops[index]!;
    }
    return hops[0]!;
  }
  return peer;
}

/**
 * Whether the request carries `expected` (this service's token) in `SERVICE_TOKEN_HEADER`,
 * compared in constant time (digests of equal length, so the length leaks nothing either).
 */
export function presentsServiceToken(headers: Headers, expected: string): boolean {
  const presented = headerText(headers, SERVICE_TOKEN_HEADER);
  if (!presented) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The client address another service vouches for: `CLIENT_IP_HEADER` when the request also
 * carries this service's token and the header is one IP address; otherwise undefined.
 */
export function attestedClientIp(headers: Headers, expectedToken: string): string | undefined {
  if (!presentsServiceToken(headers, expectedToken)) return undefined;
  const claimed = unmapIpv4(headerText(headers, CLIENT_IP_HEADER)?.trim());
  return claimed && isIP(claimed) !== 0 ? claimed : undefined;
}

function headerText(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}
