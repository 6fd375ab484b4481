import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser, webOrigin } from '../testing/test-stack.ts';

let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startTestStack('sqlite');
  owner = await stack.signUp('Owner');
}, 60_000);

afterAll(async () => stack?.close());

const preflight = (origin: string) =>
  fetch(`${stack.gatewayUrl}/api/secrets`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

describe('what browsers get', () => {
  it('CORS answers the web origin, with credentials, and nobody else', async () => {
    const allowed = await preflight(webOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(webOrigin);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a cookie-authenticated change sent from a foreign page', async () => {
    const body = JSON.stringify({ name: 'csrf', value: 'csrf-value-123' });
    const headers = { ...owner.client.credentialHeaders(), 'content-type': 'application/json' };
    const forged = await fetch(`${stack.gatewayUrl}/api/secrets`, {
      method: 'POST',
      headers: { ...headers, origin: 'https://evil.example' },
      body,
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    // A command-line client sends no Origin at all.
    const cli = await fetch(`${stack.gatewayUrl}/api/secrets`, { method: 'POST', headers, body });
    expect(cli.status).toBe(201);
  });

  it('sets security headers and a request id on every answer', async () => {
    for (const path of ['/api/me', '/api/nope', '/api/agent/agents']) {
      const response = await owner.client.get(path);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-request-id')).toMatch(/^[\w.:-]{8,}$/);
    }
    const traced = await owner.client.get('/api/me', { 'x-request-id': 'web-1234567890' });
    expect(traced.headers.get('x-request-id')).toBe('web-1234567890');
    const forged = await owner.client.get('/api/me', { 'x-request-id': 'bad id with spaces' });
    expect(forged.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });
});
