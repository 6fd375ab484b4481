import { describe, expect, it } from 'vitest';
import {
  attestedClientIp,
  CLIENT_IP_HEADER,
  presentsServiceToken,
  resolveClientIp,
  SERVICE_TOKEN_HEADER,
  trustedNetworks,
} from './client-address.ts';

const loopbackProxy = { headers: ['x-forwarded-for'], proxies: trustedNetworks(['127.0.0.0/8', '::1/128']) };
const noProxy = { headers: ['x-forwarded-for'], proxies: trustedNetworks([]) };

describe('resolveClientIp', () => {
  it('uses the peer address when the peer is not a configured proxy, whatever it claims', () => {
    expect(resolveClientIp('198.51.100.7', { 'x-forwarded-for': '203.0.113.1' }, loopbackProxy)).toBe(
      '198.51.100.7',
    );
    expect(resolveClientIp('::ffff:198.51.100.7', {}, loopbackProxy)).toBe('198.51.100.7');
    // Nothing configured: loopback is just another client.
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': '203.0.113.1' }, noProxy)).toBe('127.0.0.1');
  });

  it('believes a configured proxy, reading the chain right to left past proxy hops', () => {
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': '203.0.113.1' }, loopbackProxy)).toBe(
      '203.0.113.1',
    );
    expect(
      resolveClientIp('127.0.0.1', { 'x-forwarded-for': '10.1.1.1, 203.0.113.1, 127.0.0.1' }, loopbackProxy),
    ).toBe('203.0.113.1');
    expect(resolveClientIp('::1', { 'x-forwarded-for': '127.0.0.1, 127.0.0.1' }, loopbackProxy)).toBe(
      '127.0.0.1',
    );
  });

  it('skips garbage and falls back to the peer when the header says nothing usable', () => {
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': 'unknown, 203.0.113.9' }, loopbackProxy)).toBe(
      '203.0.113.9',
    );
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': 'unknown' }, loopbackProxy)).toBe('127.0.0.1');
    expect(resolveClientIp('127.0.0.1', {}, loopbackProxy)).toBe('127.0.0.1');
  });

  it('reads only the configured headers, in order', () => {
    const realIp = { headers: ['x-real-ip', 'x-forwarded-for'], proxies: loopbackProxy.proxies };
    const headers = { 'x-real-ip': '203.0.113.4', 'x-forwarded-for': '203.0.113.5' };
    expect(resolveClientIp('127.0.0.1', headers, realIp)).toBe('203.0.113.4');
    expect(resolveClientIp('127.0.0.1', { 'x-client-ip': '203.0.113.6' }, loopbackProxy)).toBe('127.0.0.1');
  });

  it('accepts CIDR ranges, and names an entry that is neither', () => {
    const cloud = {
      headers: ['x-forwarded-for'],
      proxies: trustedNetworks(['10.8.0.0/16', '2001:db8::/32']),
    };
    expect(resolveClientIp('10.8.3.4', { 'x-forwarded-for': '203.0.113.1' }, cloud)).toBe('203.0.113.1');
    expect(resolveClientIp('2001:db8::5', { 'x-forwarded-for': '203.0.113.2' }, cloud)).toBe('203.0.113.2');
    expect(resolveClientIp('10.9.0.1', { 'x-forwarded-for': '203.0.113.1' }, cloud)).toBe('10.9.0.1');
    expect(() => trustedNetworks(['not-an-ip'])).toThrow(/"not-an-ip" is not an IP address or CIDR range/);
  });
});

describe('service tokens and attested client addresses', () => {
  const token = 'the-receivers-token-0123456789abcdef';

  it('recognises only the exact token', () => {
    expect(presentsServiceToken({ [SERVICE_TOKEN_HEADER]: token }, token)).toBe(true);
    expect(presentsServiceToken({ [SERVICE_TOKEN_HEADER]: `${token}x` }, token)).toBe(false);
    expect(presentsServiceToken({ [SERVICE_TOKEN_HEADER]: token.slice(1) }, token)).toBe(false);
    expect(presentsServiceToken({ [SERVICE_TOKEN_HEADER]: '' }, token)).toBe(false);
    expect(presentsServiceToken({}, token)).toBe(false);
  });

  it('believes a client address only next to the token, and only an IP address', () => {
    const claim = { [CLIENT_IP_HEADER]: '203.0.113.8' };
    expect(attestedClientIp({ ...claim, [SERVICE_TOKEN_HEADER]: token }, token)).toBe('203.0.113.8');
    expect(attestedClientIp(claim, token)).toBeUndefined();
    expect(attestedClientIp({ ...claim, [SERVICE_TOKEN_HEADER]: 'forged' }, token)).toBeUndefined();
    expect(
      attestedClientIp({ [CLIENT_IP_HEADER]: '::ffff:203.0.113.9', [SERVICE_TOKEN_HEADER]: token }, token),
    ).toBe('203.0.113.9');
    expect(
      attestedClientIp({ [CLIENT_IP_HEADER]: '203.0.113.8, 10.0.0.1', [SERVICE_TOKEN_HEADER]: token }, token),
    ).toBeUndefined();
    expect(attestedClientIp({ [SERVICE_TOKEN_HEADER]: token }, token)).toBeUndefined();
  });
});
