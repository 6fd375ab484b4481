/**
 * The trust boundary at the platform's edge, end to end on the real services (`node
 * apps/<x>/src/main.ts`, the built web app), no browser needed: clients are raw HTTP requests
 * from different loopback addresses (127.0.0.2, 127.0.0.3, … are all this machine, as an agent's
 * shell would be).
 * - Through the web origin each client is its own address for the sign-in limits; nothing a
 *   client sends (X-Forwarded-For, our own client-address and service-token headers) moves it.
 * - The services' internal routes answer only with the service token, loopback or not.
 * - No route hands out a mailed link.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { serviceToken } from '@lifeosai/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded } from './testing/browser.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

let platform: Platform;

beforeAll(async () => {
  await buildWebIfNeeded();
  // Nothing here reaches a model: the LLM URL is never called.
  platform = await startPlatform({ llmUrl: 'http://127.0.0.1:9' });
}, 300_000);

afterAll(async () => platform?.stop(), 60_000);

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are asserted field by field
  json: any;
  text: string;
}

/** One HTTP request from `from` (a loopback address of this machine), JSON in and out. */
function call(
  url: string,
  options: { from: string; method?: string; body?: unknown; headers?: Record<string, string> },
): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        localAddress: options.from,
        headers: {
          origin: `${target.protocol}//${target.host}`,
          ...(options.body !== undefined && { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: incoming.statusCode ?? 0, json, text });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

const signIn = (from: string, email: string, headers?: Record<string, string>) =>
  call(`${platform.webUrl}/api/auth/sign-in/email`, {
    from,
    body: { email, password: 'not the password' },
    ...(headers && { headers }),
  });

async function attempts(times: number, attempt: (index: number) => Promise<Answer>): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < times; index++) statuses.push((await attempt(index)).status);
  return statuses;
}

describe('client addresses through the web origin', () => {
  it('one address failing sign-ins does not lock out another', async () => {
    // better-auth's default: three sign-in attempts per 10 s per address.
    expect(await attempts(4, () => signIn('127.0.0.2', 'ada@example.com'))).toEqual([401, 401, 401, 429]);
    const limited = await signIn('127.0.0.2', 'ada@example.com');
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect(limited.json.error.message).toMatch(/try again in \d+ seconds/);
    // Another client behind the same web server is not caught by it.
    expect((await signIn('127.0.0.3', 'grace@example.com')).status).toBe(401);
  });

  it('a forged X-Forwarded-For, client address or service token changes nothing', async () => {
    const forged = await attempts(6, (index) =>
      signIn('127.0.0.4', `forger-${index}@example.com`, {
        'x-forwarded-for': `203.0.113.${index}`,
        'x-real-ip': `203.0.113.${index}`,
        'x-lifeosai-client-ip': `198.51.100.${index}`,
        'x-lifeosai-service-token': 'a guess',
      }),
    );
    expect(forged).toEqual([401, 401, 401, 429, 429, 429]);
  });
});

describe('internal routes', () => {
  const secret = () => readFileSync(join(platform.home, 'service-secret'), 'utf8').trim();

  it('refuse a caller on this machine without the service token, in the error shape', async () => {
    for (const url of [`${platform.authUrl}/internal/identity`, `${platform.gatewayUrl}/internal/jwks`]) {
      const tries: Record<string, string>[] = [
        {},
        { 'x-lifeosai-service-token': 'a guess' },
        { 'x-forwarded-for': '10.0.0.1' },
      ];
      for (const headers of tries) {
        const refused = await call(url, { from: '127.0.0.1', headers });
        expect(refused.status, url).toBe(401);
        expect(refused.json).toEqual({
          error: { code: 'SERVICE_CREDENTIAL_REQUIRED', message: expect.any(String) },
        });
      }
    }
  });

  it("answer the platform's own services, which hold the secret", async () => {
    const jwks = await call(`${platform.gatewayUrl}/internal/jwks`, {
      from: '127.0.0.1',
      headers: { 'x-lifeosai-service-token': serviceToken(secret(), 'user-management') },
    });
    expect(jwks.status).toBe(200);
    expect(jwks.json.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(jwks.json.keys[0].d).toBeUndefined();
    const identity = await call(`${platform.authUrl}/internal/identity`, {
      from: '127.0.0.1',
      headers: { 'x-lifeosai-service-token': serviceToken(secret(), 'auth') },
    });
    // The token opens the route; without a session it then says who is missing.
    expect(identity.status).toBe(401);
    expect(identity.json.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('mail links', () => {
  it("no route answers with one: the old dev mailbox is gone, the outbox is the admin's", async () => {
    const email = 'linkless@example.com';
    const signedUp = await call(`${platform.webUrl}/api/auth/sign-up/email`, {
      from: '127.0.0.5',
      body: { name: 'Linkless', email, password: 'correct horse battery' },
    });
    expect(signedUp.status).toBe(200);
    const reset = await call(`${platform.webUrl}/api/auth/request-password-reset`, {
      from: '127.0.0.5',
      body: { email, redirectTo: '/reset-password' },
    });
    expect(reset.status).toBe(200);
    for (const base of [platform.webUrl, platform.gatewayUrl, platform.authUrl]) {
      const mailbox = await call(`${base}/api/auth/dev/last-email?to=${encodeURIComponent(email)}`, {
        from: '127.0.0.1',
      });
      expect(mailbox.status, base).toBe(404);
      expect(mailbox.text).not.toMatch(/token|reset-password\//);
    }
    const anonymous = await call(`${platform.webUrl}/api/admin/outbox`, { from: '127.0.0.5' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain('reset-password');
  });
});
