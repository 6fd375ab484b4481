import { isIP } from 'node:net';
import { type TrustedNetworks, unmapIpv4 } from './trusted-networks.ts';

/**
 * The one header better-auth reads the client address from
 * (`advanced.ipAddress.ipAddressHeaders`). This service sets it on every request it hands to
 * better-auth, after removing any copy a client sent, so its value is always our decision.
 */
export const clientIpHeader = 'x-lifeosai-client-ip';

export interface ClientIpPolicy {
  /** Header names a trusted peer (the gateway) may use to name the client, e.g. `x-forwarded-for`. */
  headers: readonly string[];
  /** Peers whose headers are believed. */
  trustedPeers: TrustedNetworks;
}

/**
 * The address rate limits key on. A peer that is not trusted is the client itself: whatever
 * headers it sent are ignored. From a trusted peer, the first configured header present is
 * read right to left — each proxy appends the address it saw — skipping hops that are
 * themselves trusted; the first untrusted hop is the client. If every hop is trusted (local
 * mode: the browser is on loopback too), the leftmost one is.
 */
export function resolveClientIp(
  peerAddress: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  policy: ClientIpPolicy,
): string {
  const peer = unmapIpv4(peerAddress) ?? 'unknown';
  if (!policy.trustedPeers.contains(peer)) return peer;
  for (const name of policy.headers) {
    const value = headers[name.toLowerCase()];
    const text = Array.isArray(value) ? value.join(',') : value;
    if (!text) continue;
    const hops = text
      .split(',')
      .map((hop) => unmapIpv4(hop.trim()))
      .filter((hop): hop is string => !!hop && isIP(hop) !== 0);
    if (hops.length === 0) continue;
    for (let index = hops.length - 1; index >= 0; index--) {
      if (!policy.trustedPeers.contains(hops[index])) return hops[index]!;
    }
    return hops[0]!;
  }
  return peer;
}
