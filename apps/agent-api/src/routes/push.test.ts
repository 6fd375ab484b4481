import { pushDeviceListSchema, pushDeviceSchema, pushKeySchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { contractServerOptions, installErrorHandling } from '@lifeosai/http-kit';
import { generateVapidKeys } from '@lifeosai/secrets';
import { testDialects } from '@lifeosai/testkit/databases';
import {
  createSubscriptionKeys,
  type FakePushService,
  startFakePushService,
} from '@lifeosai/testkit/fake-push';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../http/identity.ts';
import { type AgentScope, agentMayCall } from '../http/run-token.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { registerPushRoutes } from './push.ts';

const vapid = generateVapidKeys();
const aliceInOrgB: Identity = { ...alice, orgId: 'org_b', role: 'member' };

describe.each(testDialects)('push devices on %s', (dialect) => {
  let platform: TestPlatform;
  let pushService: FakePushService;
  beforeAll(async () => {
    [platform, pushService] = await Promise.all([
      startTestPlatform(dialect, { vapid }),
      startFakePushService({ vapidPublicKey: vapid.publicKey }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await pushService?.close();
  });

  it('serves the public key, never the private one', async () => {
    const { status, body } = await platform.call('GET', '/api/agent/push/key');
    expect(status).toBe(200);
    expectContract(pushKeySchema, body);
    expect(body).toEqual({ publicKey: vapid.publicKey });
    expect(JSON.stringify(body)).not.toContain(vapid.privateKey);
  });

  it("registers, updates and removes the caller's own device; keys are never returned", async () => {
    const device = pushService.subscribe();
    const put = (events: string[], identity: Identity = alice) =>
      platform.call(
        'PUT',
        '/api/agent/push/subscriptions',
        { subscription: device.subscription, events, label: 'Chromium on Linux' },
        identity,
      );
    const created = await put(['permission_request']);
    expect(created.status).toBe(200);
    expectContract(pushDeviceSchema, created.body);
    expect(created.body).toMatchObject({
      endpoint: device.subscription.endpoint,
      events: ['permission_request'],
      label: 'Chromium on Linux',
    });
    const updated = await put(['run_finished', 'permission_request', 'run_finished']);
    expect(updated.body).toMatchObject({
      id: created.body.id,
      events: ['permission_request', 'run_finished'],
    });

    // Devices are personal and follow the person across organizations; nobody else sees them.
    const list = await platform.call('GET', '/api/agent/push/subscriptions', undefined, aliceInOrgB);
    expectContract(pushDeviceListSchema, list.body);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(device.keys.auth);
    expect(text).not.toContain(device.keys.p256dh);
    expect(
      (await platform.call('GET', '/api/agent/push/subscriptions', undefined, mallory)).body.items,
    ).toEqual([]);
    const foreignDelete = await platform.call(
      'DELETE',
      `/api/agent/push/subscriptions/${created.body.id}`,
      undefined,
      mallory,
    );
    expect(foreignDelete.status).toBe(404);
    expect(foreignDelete.body.error.code).toBe('NOT_FOUND');

    expect((await platform.call('DELETE', `/api/agent/push/subscriptions/${created.body.id}`)).status).toBe(
      204,
    );
    expect((await platform.call('GET', '/api/agent/push/subscriptions')).body.items).toEqual([]);
    expect((await platform.call('DELETE', `/api/agent/push/subscriptions/${created.body.id}`)).status).toBe(
      404,
    );
  });

  it('a device registered again by someone else becomes theirs', async () => {
    const device = pushService.subscribe();
    const body = { subscription: device.subscription, events: ['run_finished'] };
    const first = await platform.call('PUT', '/api/agent/push/subscriptions', body);
    const second = await platform.call('PUT', '/api/agent/push/subscriptions', body, mallory);
    expect(second.body.id).toBe(first.body.id);
    expect((await platform.call('GET', '/api/agent/push/subscriptions')).body.items).toEqual([]);
    await platform.call('DELETE', `/api/agent/push/subscriptions/${first.body.id}`, undefined, mallory);
  });

  it('refuses malformed registrations with a 400 that says what is wrong', async () => {
    const { subscription } = pushService.subscribe();
    const bad: unknown[] = [
      undefined,
      {},
      { subscription, events: ['everything'] },
      { subscription, events: 'permission_request' },
      { subscription: { ...subscription, endpoint: 'ftp://push.example/x' }, events: [] },
      { subscription: { ...subscription, endpoint: 'not a url' }, events: [] },
      { subscription: { ...subscription, endpoint: `https://push.example/${'x'.repeat(3000)}` }, events: [] },
      {
        subscription: { ...subscription, keys: { p256dh: 'short', auth: subscription.keys.auth } },
        events: [],
      },
      {
        subscription: { ...subscription, keys: { p256dh: subscription.keys.p256dh, auth: '!!!!' } },
        events: [],
      },
      { subscription: { endpoint: subscription.endpoint }, events: [] },
      { subscription, events: [], extra: true },
      { subscription, events: [], label: 'x'.repeat(201) },
      [subscription],
    ];
    for (const body of bad) {
      const response = await platform.call('PUT', '/api/agent/push/subscriptions', body);
      expect(response.status, JSON.stringify(body)?.slice(0, 120)).toBe(400);
      expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
    }
    expect((await platform.call('DELETE', '/api/agent/push/subscriptions/%00')).status).toBeLessThan(500);
  });

  it("an agent's run token never reaches them", () => {
    const scope = { runId: 'run_x', agentId: 'agt_x', orgId: 'org_a' } as AgentScope;
    for (const [method, route] of [
      ['GET', '/api/agent/push/key'],
      ['GET', '/api/agent/push/subscriptions'],
      ['PUT', '/api/agent/push/subscriptions'],
      ['DELETE', '/api/agent/push/subscriptions/:id'],
    ] as const) {
      expect(agentMayCall(scope, method, route, 'run_x')).toBe(false);
    }
  });
});

describe('push off (cloud mode without VAPID keys)', () => {
  it('answers 503 PUSH_NOT_CONFIGURED for the key and for registering, in words', async () => {
    const app = Fastify(contractServerOptions);
    installErrorHandling(app);
    app.decorateRequest('identity', undefined as unknown as Identity);
    app.addHook('onRequest', async (request) => {
      request.identity = alice;
    });
    registerPushRoutes(app, { db: undefined as never });
    const key = await app.inject({ method: 'GET', url: '/push/key' });
    expect(key.statusCode).toBe(503);
    expect(key.json().error.code).toBe('PUSH_NOT_CONFIGURED');
    expect(key.json().error.message).toMatch(/LIFEOSAI_VAPID_PUBLIC_KEY/);
    const { subscription } = createFakeSubscription();
    const put = await app.inject({
      method: 'PUT',
      url: '/push/subscriptions',
      payload: { subscription, events: [] },
    });
    expect(put.statusCode).toBe(503);
    await app.close();
  });
});

function createFakeSubscription() {
  const keys = createSubscriptionKeys();
  return {
    subscription: { endpoint: 'https://push.example/x', keys: { p256dh: keys.p256dh, auth: keys.auth } },
  };
}
