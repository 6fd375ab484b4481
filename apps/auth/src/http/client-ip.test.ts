import { describe, expect, it } from 'vitest';
import { resolveClientIp } from './client-ip.ts';
import { loopbackNetworks, trustedNetworks } from './trusted-networks.ts';

const policy = { headers: ['x-forwarded-for'], trustedPeers: trustedNetworks(loopbackNetworks) };

describe('resolveClientIp', () => {
  it('uses the peer address when the peer is not trusted, whatever it claims', () => {
    expect(resolveClientIp('198.51.100.7', { 'x-forwarded-for': '203.0.113.1' }, policy)).toBe(
      '198.51.100.7',
    );
    expect(resolveClientIp('::ffff:198.51.100.7', {}, policy)).toBe('198.51.100.7');
  });

  it('believes a trusted peer, reading the chain right to left past trusted hops', () => {
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': '203.0.113.1' }, policy)).toBe('203.0.113.1');
    expect(
      resolveClientIp('127.0.0.1', { 'x-forwarded-for': '10.1.1.1, 203.0.113.1, 127.0.0.1' }, policy),
    ).toBe('203.0.113.1');
    // Local mode: the browser is on loopback too.
    expect(resolveClientIp('::1', { 'x-forwarded-for': '127.0.0.1, 127.0.0.1' }, policy)).toBe('127.0.0.1');
  });

  it('skips garbage and falls back to the peer when the header says nothing usable', () => {
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': 'unknown, 203.0.113.9' }, policy)).toBe(
      '203.0.113.9',
    );
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': 'unknown' }, policy)).toBe('127.0.0.1');
    expect(resolveClientIp('127.0.0.1', {}, policy)).toBe('127.0.0.1');
  });

  it('reads only the configured headers, in order', () => {
    const realIp = { headers: ['x-real-ip', 'x-forwarded-for'], trustedPeers: policy.trustedPeers };
    const headers = { 'x-real-ip': '203.0.113.4', 'x-forwarded-for': '203.0.113.5' };
    expect(resolveClientIp('127.0.0.1', headers, realIp)).toBe('203.0.113.4');
    expect(resolveClientIp('127.0.0.1', { 'x-client-ip': '203.0.113.6' }, policy)).toBe('127.0.0.1');
  });

  it('accepts CIDR ranges for the gateway', () => {
    const cloud = {
      headers: ['x-forwarded-for'],
      trustedPeers: trustedNetworks(['10.8.0.0/16', '2001:db8::/32']),
    };
    expect(resolveClientIp('10.8.3.4', { 'x-forwarded-for': '203.0.113.1' }, cloud)).toBe('203.0.113.1');
    expect(resolveClientIp('2001:db8::5', { 'x-forwarded-for': '203.0.113.2' }, cloud)).toBe('203.0.113.2');
    expect(resolveClientIp('10.9.0.1', { 'x-forwarded-for': '203.0.113.1' }, cloud)).toBe('10.9.0.1');
    expect(() => trustedNetworks(['not-an-ip'])).toThrow(/not an IP address or CIDR range/);
  });
});
