import { BlockList, isIP } from 'node:net';
import { PlatformError } from '@lifeosai/errors';

/** Loopback: where the gateway runs in local mode. */
export const loopbackNetworks: readonly string[] = ['127.0.0.0/8', '::1/128'];

/** A set of addresses (IPs and CIDR ranges) this service trusts as the gateway. */
export interface TrustedNetworks {
  /** Whether `address` (IPv4, IPv6 or IPv4-mapped IPv6) is inside the set. */
  contains(address: string | undefined): boolean;
}

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
