import type { IncomingMessage } from 'node:http';
import { CLIENT_IP_HEADER, SERVICE_TOKEN_HEADER, trustedNetworks } from '@lifeosai/http-kit/client-address';
import { describe, expect, it } from 'vitest';
import { stampClientAddress } from './stamp-client-address.ts';

const gatewayToken = 'gateway-token-0123456789abcdef';
const noProxy = { headers: ['x-forwarded-for'], proxies: trustedNetworks([]) };

function request(url: string, remoteAddress: string, headers: Record<string, string>): IncomingMessage {
  return { url, headers: { ...headers }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('stampClientAddress', () => {
  it('replaces every address and token a browser sent with the socket address and the gateway token', () => {
    const forged = request('/api/auth/sign-in/email', '198.51.100.4', {
      'x-forwarded-for': '203.0.113.1',
      'x-real-ip': '203.0.113.2',
      forwarded: 'for=203.0.113.3',
      [CLIENT_IP_HEADER]: '203.0.113.4',
      [SERVICE_TOKEN_HEADER]: 'guessed',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      cookie: 'kept=1',
    });
    stampClientAddress(forged, { gatewayToken, proxies: noProxy });
    expect(forged.headers).toEqual({
      'x-forwarded-for': '198.51.100.4',
      [CLIENT_IP_HEADER]: '198.51.100.4',
      [SERVICE_TOKEN_HEADER]: gatewayToken,
      cookie: 'kept=1',
    });
  });

  it('vouches only on /api requests: pages never carry the token', () => {
    const page = request('/sign-in', '::ffff:127.0.0.1', { [SERVICE_TOKEN_HEADER]: 'guessed' });
    stampClientAddress(page, { gatewayToken, proxies: noProxy });
    expect(page.headers).toEqual({ 'x-forwarded-for': '127.0.0.1' });
    const apiLookalike = request('/apix/secret', '127.0.0.1', {});
    stampClientAddress(apiLookalike, { gatewayToken, proxies: noProxy });
    expect(apiLookalike.headers[SERVICE_TOKEN_HEADER]).toBeUndefined();
  });

  it('behind a configured proxy, takes the client from its x-forwarded-for', () => {
    const proxies = { headers: ['x-forwarded-for'], proxies: trustedNetworks(['10.0.0.0/8']) };
    const viaBalancer = request('/api/me', '10.1.2.3', {
      'x-forwarded-for': '192.0.2.9, 203.0.113.7',
      'x-forwarded-proto': 'https',
    });
    stampClientAddress(viaBalancer, { gatewayToken, proxies });
    expect(viaBalancer.headers[CLIENT_IP_HEADER]).toBe('203.0.113.7');
    expect(viaBalancer.headers['x-forwarded-proto']).toBe('https');
    const direct = request('/api/me', '198.51.100.9', { 'x-forwarded-for': '203.0.113.7' });
    stampClientAddress(direct, { gatewayToken, proxies });
    expect(direct.headers[CLIENT_IP_HEADER]).toBe('198.51.100.9');
  });
});
