import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webPush from 'web-push';
import { type FakePushService, startFakePushService } from './server.ts';
import { decryptPushPayload } from './web-push-crypto.ts';

// The application server's pair, as the platform would have it.
const vapid = webPush.generateVAPIDKeys();
const other = webPush.generateVAPIDKeys();
let service: FakePushService;

beforeAll(async () => {
  service = await startFakePushService({ vapidPublicKey: vapid.publicKey });
});
afterAll(async () => service?.close());

async function send(endpointAndKeys: webPush.PushSubscription, payload: string, keys = vapid) {
  const details = webPush.generateRequestDetails(endpointAndKeys, payload, {
    vapidDetails: { subject: 'mailto:test@example.test', ...keys },
    TTL: 60,
    urgency: 'high',
  });
  const headers = Object.fromEntries(
    Object.entries(details.headers).map(([name, value]) => [name, String(value)]),
  );
  return fetch(details.endpoint, { method: 'POST', headers, body: details.body as Buffer });
}

describe('fake push service', () => {
  it('accepts a VAPID-signed message and decrypts it with the subscription keys (web-push encrypts)', async () => {
    const device = service.subscribe();
    const response = await send(device.subscription, JSON.stringify({ title: 'Hello', body: 'from a test' }));
    expect(response.status).toBe(201);
    const delivery = await service.waitFor((entry) => entry.endpoint === device.subscription.endpoint);
    expect(delivery.vapid).toMatchObject({ valid: true, publicKey: vapid.publicKey });
    expect(delivery.vapid.claims?.aud).toBe(service.url);
    expect(delivery).toMatchObject({ ttl: 60, urgency: 'high', contentEncoding: 'aes128gcm' });
    expect(delivery.json()).toEqual({ title: 'Hello', body: 'from a test' });
    // Another device's keys cannot read it.
    const stranger = service.subscribe();
    expect(() => decryptPushPayload(delivery.body, stranger.keys)).toThrow();
  });

  it('refuses a wrong signer (403), a forged token (401), and answers scripted and expired endpoints', async () => {
    const device = service.subscribe();
    const { endpoint } = device.subscription;
    expect((await send(device.subscription, 'x', other)).status).toBe(403);
    const forged = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `vapid t=a.b.c, k=${vapid.publicKey}` },
      body: 'x',
    });
    expect(forged.status).toBe(401);
    service.answer(endpoint, 429, 1);
    expect((await send(device.subscription, 'x')).status).toBe(429);
    expect((await send(device.subscription, 'x')).status).toBe(201);
    service.expire(endpoint);
    expect((await send(device.subscription, 'x')).status).toBe(410);
    expect(
      service
        .deliveries()
        .filter((entry) => entry.endpoint === endpoint)
        .map((entry) => entry.status),
    ).toEqual([403, 401, 429, 201, 410]);
  });
});
