import { randomBytes } from 'node:crypto';
import { type PushMessage, pushMessageSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { newId, nowIso, type Run } from '@lifeosai/db';
import { generateVapidKeys } from '@lifeosai/secrets';
import { testDialects } from '@lifeosai/testkit/databases';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import {
  type FakePushService,
  type FakeSubscription,
  startFakePushService,
} from '@lifeosai/testkit/fake-push';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../http/identity.ts';
import { harnessCase } from '../testing/harness-cases.ts';
import { alice, startTestPlatform, type TestPlatform, testProviderKey } from '../testing/test-platform.ts';
import { createPushAudience } from './push-audience.ts';

const vapid = generateVapidKeys();
const bob: Identity = { userId: 'usr_bob', orgId: 'org_a', role: 'admin' };
const carol: Identity = { userId: 'usr_carol', orgId: 'org_a', role: 'member' };
const allEvents = ['permission_request', 'run_finished', 'sender_approval'];

/** better-auth's memberships of org_a (alice owner, bob admin, carol member), as the auth service keeps them. */
async function addMemberships(platform: TestPlatform): Promise<void> {
  const authDb = platform.database.db.withoutPlugins();
  await sql`create table "member" ("id" text primary key, "userId" text not null, "organizationId" text not null, "role" text not null, "createdAt" text not null)`.execute(
    authDb,
  );
  for (const [identity, role] of [
    [alice, 'owner'],
    [bob, 'admin'],
    [carol, 'member'],
  ] as const) {
    await sql`insert into "member" values (${newId('mem')}, ${identity.userId}, ${'org_a'}, ${role}, ${nowIso()})`.execute(
      authDb,
    );
  }
}

describe.each(testDialects)('push sender on %s', (dialect) => {
  let platform: TestPlatform;
  let pushService: FakePushService;

  beforeAll(async () => {
    [platform, pushService] = await Promise.all([
      startTestPlatform(dialect, { vapid }),
      startFakePushService({ vapidPublicKey: vapid.publicKey }),
    ]);
    await addMemberships(platform);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await pushService?.close();
  });

  const register = async (identity: Identity, events: string[]): Promise<FakeSubscription> => {
    const device = pushService.subscribe();
    const response = await platform.call(
      'PUT',
      '/api/agent/push/subscriptions',
      { subscription: device.subscription, events },
      identity,
    );
    expect(response.status).toBe(200);
    return device;
  };
  const messagesTo = (device: FakeSubscription) =>
    pushService
      .deliveries()
      .filter((delivery) => delivery.endpoint === device.subscription.endpoint && delivery.status === 201)
      .map((delivery) => delivery.json<PushMessage>());

  it('a run asking for permission on a shared agent reaches its starter, the owner and the admins; its end only who started it', async () => {
    const marker = `push-${randomBytes(4).toString('hex')}`;
    const aliceAll = await register(alice, allEvents);
    const aliceSilent = await register(alice, []);
    const bobAll = await register(bob, allEvents);
    const carolAll = await register(carol, allEvents);
    platform.fake.on(
      (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
      text('Finished.'),
    );
    platform.fake.on(
      (call) => call.lastUserText.includes(marker),
      (call) =>
        toolCall({
          name: call.toolNames.find((name) => name.endsWith('list_agent_files'))!,
          input: { secretish: `input-${marker}` },
        }),
    );
    const agent = (
      await platform.call('POST', '/api/agent/agents', {
        name: 'Pusher',
        visibility: 'organization',
        adapterType: 'pi',
        adapterConfig: {
          ...harnessCase('pi').adapterConfig,
          permissions: { mode: 'ask', askTimeoutMs: 60_000 },
        },
      })
    ).body;
    const run = (
      await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: `list ${marker}` })
    ).body;

    const asked = await pushService.waitFor(
      (delivery) => delivery.endpoint === aliceAll.subscription.endpoint,
      60_000,
    );
    expect(asked.vapid.valid).toBe(true);
    expect(asked.urgency).toBe('high');
    const message = asked.json<PushMessage>();
    expectContract(pushMessageSchema, message);
    expect(message).toEqual({
      kind: 'permission_request',
      title: expect.stringMatching(/^Pusher asks to use \S*list_agent_files$/),
      body: 'Open the conversation to allow or deny it.',
      url: `/agents/${agent.id}?session=${run.sessionId}`,
      tag: `permission-${run.id}`,
    });
    // A summary only: neither the prompt, nor the tool's input, nor a key.
    const plaintext = asked.decrypt().toString('utf8');
    for (const secret of [marker, testProviderKey, vapid.privateKey]) expect(plaintext).not.toContain(secret);

    const events = (await platform.call('GET', `/api/agent/runs/${run.id}/events?limit=1000`)).body.items;
    const request = events.find((event: { type: string }) => event.type === 'permission_request');
    await platform.call('POST', `/api/agent/runs/${run.id}/permissions/${request.requestId}`, {
      decision: 'allow',
    });
    expect((await platform.waitForRun(run.id)).status).toBe('succeeded');
    await platform.push!.idle();

    expect(messagesTo(aliceAll).map((entry) => entry.kind)).toEqual(['permission_request', 'run_finished']);
    expect(messagesTo(aliceAll)[1]).toEqual({
      kind: 'run_finished',
      title: 'Pusher finished',
      body: 'Open the conversation to read the answer.',
      url: `/agents/${agent.id}?session=${run.sessionId}`,
      tag: `finished-${run.id}`,
    });
    expect(messagesTo(bobAll).map((entry) => entry.kind)).toEqual(['permission_request']);
    expect(messagesTo(carolAll)).toEqual([]);
    expect(messagesTo(aliceSilent)).toEqual([]);
    for (const device of [aliceAll, aliceSilent, bobAll, carolAll]) await forget(device);
    finishedRun = storedRun(run.id);

    // The same conversation on a private agent is its author's alone: so is the news of it.
    await platform.call('PATCH', `/api/agent/agents/${agent.id}`, { visibility: 'private' });
    const audience = createPushAudience(platform.database.db);
    expect(await audience.permission(await storedRun(run.id))).toEqual([alice.userId]);
    expect(await audience.finished(await storedRun(run.id))).toEqual([alice.userId]);
  }, 120_000);

  const storedRun = (id: string) =>
    platform.database.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  let finishedRun: Promise<Run> | undefined;
  /**
   * A finished run the later tests announce again by hand: the first test's, or (when run alone)
   * one of its own — a real run costs seconds.
   */
  const someRun = (): Promise<Run> => {
    finishedRun ??= (async () => {
      const agent = (await platform.call('POST', '/api/agent/agents', { name: 'Quiet', adapterType: 'pi' }))
        .body;
      const started = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'hello' }))
        .body;
      await platform.waitForRun(started.id);
      await platform.push!.idle();
      return storedRun(started.id);
    })();
    return finishedRun;
  };
  const forget = async (device: FakeSubscription) => {
    await platform.database.db
      .deleteFrom('pushSubscriptions')
      .where('endpoint', '=', device.subscription.endpoint)
      .execute();
  };
  const stored = (device: FakeSubscription) =>
    platform.database.db
      .selectFrom('pushSubscriptions')
      .select('id')
      .where('endpoint', '=', device.subscription.endpoint)
      .executeTakeFirst();

  it('retries a busy push service, forgets an expired subscription (410), never throws', async () => {
    const run = await someRun();
    const busy = await register(alice, ['run_finished']);
    const gone = await register(alice, ['run_finished']);
    pushService.answer(busy.subscription.endpoint, 503, 1);
    pushService.answer(busy.subscription.endpoint, 429, 1);
    pushService.expire(gone.subscription.endpoint);
    platform.push!.runEnded(run, 'failed');
    await platform.push!.idle();

    const statuses = pushService
      .deliveries()
      .filter((delivery) => delivery.endpoint === busy.subscription.endpoint)
      .map((delivery) => delivery.status);
    expect(statuses).toEqual([503, 429, 201]);
    expect(messagesTo(busy)).toEqual([expect.objectContaining({ title: expect.stringMatching(/ failed$/) })]);
    expect(await stored(gone)).toBeUndefined();
    expect(await stored(busy)).toBeDefined();
    await forget(busy);
  });

  it('gives up on a push service that keeps failing, and never reaches a closed address', async () => {
    const run = await someRun();
    const failing = await register(alice, ['run_finished']);
    pushService.answer(failing.subscription.endpoint, 500, 10);
    // An endpoint on the machine's private network: the egress policy refuses it unconnected.
    const privateEndpoint = `https://10.255.255.1/push/${randomBytes(4).toString('hex')}`;
    await platform.call('PUT', '/api/agent/push/subscriptions', {
      subscription: { ...pushService.subscribe().subscription, endpoint: privateEndpoint },
      events: ['run_finished'],
    });
    platform.push!.runEnded(run, 'timed_out');
    await platform.push!.idle();
    // The first try and the two retries the test platform allows.
    expect(
      pushService.deliveries().filter((delivery) => delivery.endpoint === failing.subscription.endpoint),
    ).toHaveLength(3);
    await forget(failing);
    await platform.database.db
      .deleteFrom('pushSubscriptions')
      .where('endpoint', '=', privateEndpoint)
      .execute();
  });

  it('a channel sender waiting for approval reaches the agent owner and the admins who chose it', async () => {
    const aliceDevice = await register(alice, ['sender_approval']);
    const bobDevice = await register(bob, ['sender_approval']);
    const bobOther = await register(bob, ['permission_request']);
    const carolDevice = await register(carol, ['sender_approval']);
    const agent = (
      await platform.call('POST', '/api/agent/agents', { name: 'Front desk', adapterType: 'pi' })
    ).body;
    platform.push!.senderWaiting({
      orgId: 'org_a',
      agentId: agent.id,
      agentName: agent.name,
      network: 'Telegram',
      senderName: 'Dana',
      url: `/agents/${agent.id}`,
      tag: 'chan_1-4821',
    });
    await platform.push!.idle();
    const expected = {
      kind: 'sender_approval',
      title: 'Dana waits for approval',
      body: 'A new Telegram sender wants to talk to Front desk. Approve or deny.',
      url: `/agents/${agent.id}`,
      tag: 'approval-chan_1-4821',
    };
    expect(messagesTo(aliceDevice)).toEqual([expected]);
    expect(messagesTo(bobDevice)).toEqual([expected]);
    expect(messagesTo(bobOther)).toEqual([]);
    expect(messagesTo(carolDevice)).toEqual([]);
    for (const device of [aliceDevice, bobDevice, bobOther, carolDevice]) await forget(device);
  });
});

describe('closing the push sender', () => {
  it('gives up a retry wait at once instead of holding the service open', async () => {
    const pushService = await startFakePushService({ vapidPublicKey: vapid.publicKey });
    const platform = await startTestPlatform('sqlite', { vapid, pushRetryDelaysMs: [60_000] });
    try {
      const device = pushService.subscribe();
      await platform.call('PUT', '/api/agent/push/subscriptions', {
        subscription: device.subscription,
        events: ['sender_approval'],
      });
      pushService.answer(device.subscription.endpoint, 503, 5);
      await addMemberships(platform);
      const agent = (await platform.call('POST', '/api/agent/agents', { name: 'Desk', adapterType: 'pi' }))
        .body;
      platform.push!.senderWaiting({
        orgId: 'org_a',
        agentId: agent.id,
        agentName: agent.name,
        network: 'Telegram',
        senderName: 'Eve',
        url: '/agents',
        tag: 'x',
      });
      await pushService.waitFor((delivery) => delivery.endpoint === device.subscription.endpoint);
      const started = Date.now();
      await platform.push!.close();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(pushService.deliveries()).toHaveLength(1);
    } finally {
      await platform.close();
      await pushService.close();
    }
  });
});
