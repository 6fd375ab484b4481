import { channelListSchema, channelSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { createTelegramChannel } from '@lifeosai/channel-telegram';
import { createWhatsAppChannel } from '@lifeosai/channel-whatsapp';
import { testDialects } from '@lifeosai/testkit/databases';
import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { createFakeWhatsApp, type FakeWhatsApp } from '@lifeosai/testkit/fake-whatsapp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../http/identity.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { insertChatHistory, insertPendingSenders, readLoginEvents } from './channel-test-support.ts';

const bob: Identity = { userId: 'usr_bob', orgId: 'org_a', role: 'member' };
const carol: Identity = { userId: 'usr_carol', orgId: 'org_a', role: 'admin' };

describe.each(testDialects)('channel routes on %s', (dialect) => {
  let telegram: FakeTelegram;
  let whatsapp: FakeWhatsApp;
  let platform: TestPlatform;
  let agentId: string;
  let otherAgentId: string;
  beforeAll(async () => {
    telegram = await startFakeTelegram();
    whatsapp = createFakeWhatsApp();
    platform = await startTestPlatform(dialect, {
      channelDrivers: [
        createTelegramChannel({ apiRoot: telegram.apiRoot, pollTimeoutSeconds: 1 }),
        createWhatsAppChannel({ socketFactory: whatsapp.factory }),
      ],
    });
    agentId = (await platform.call('POST', '/api/agent/agents', { name: 'helper', adapterType: 'pi' })).body
      .id;
    otherAgentId = (await platform.call('POST', '/api/agent/agents', { name: 'other', adapterType: 'pi' }))
      .body.id;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await telegram?.close();
  });

  const connect = (body: unknown, id = agentId, identity: Identity = alice) =>
    platform.call('POST', `/api/agent/agents/${id}/channels`, body, identity);

  it('connects a Telegram bot: 201 with the channel, the token stored as a secret and never returned', async () => {
    const bot = telegram.createBot({ username: 'helper_bot' });
    const created = await connect({ type: 'telegram', botToken: bot.token, allow: ['1001'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectContract(channelSchema, created.body);
    expect(created.body).toMatchObject({
      agentId,
      type: 'telegram',
      enabled: true,
      senders: 'pairing',
      allow: ['1001'],
      transport: 'poll',
      account: { id: String(bot.id), name: '@helper_bot' },
      pendingSenders: 0,
    });
    expect(JSON.stringify(created.body)).not.toContain(bot.token);
    const row = await platform.database.db
      .selectFrom('channelConnections')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.tokenSecret).not.toContain(bot.token);
    expect(await platform.secrets.reveal('org_a', row.tokenSecret!)).toBe(bot.token);

    const listed = await platform.call('GET', `/api/agent/agents/${agentId}/channels`, undefined, bob);
    expect(listed.status).toBe(200);
    expectContract(channelListSchema, listed.body);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain(bot.token);
    // The runtime takes it up: the bot polls.
    await expect
      .poll(() => telegram.calls(bot.token, 'getUpdates').length, { timeout: 10_000 })
      .toBeGreaterThan(0);
  });

  it('refuses a token Telegram refuses, a bot already connected, and a webhook without an https public URL', async () => {
    const refused = await connect({ type: 'telegram', botToken: `123456:${'A'.repeat(35)}` });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('CHANNEL_TOKEN_INVALID');
    expect(refused.body.error.message).toMatch(/BotFather|token/);

    const bot = telegram.createBot();
    expect((await connect({ type: 'telegram', botToken: bot.token })).status).toBe(201);
    const again = await connect({ type: 'telegram', botToken: bot.token }, otherAgentId);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CHANNEL_ACCOUNT_IN_USE');

    const webhook = await connect({ type: 'telegram', botToken: telegram.createBot().token, webhook: true });
    expect(webhook.status).toBe(400);
    expect(webhook.body.error.code).toBe('CHANNEL_WEBHOOK_UNAVAILABLE');
    // Nothing half-made stays behind: no secret of a refused connection.
    const secrets = await platform.secrets.list('org_a');
    const rows = await platform.database.db.selectFrom('channelConnections').select('tokenSecret').execute();
    expect(
      secrets
        .filter((secret) => secret.name.startsWith('channel-'))
        .map((secret) => secret.name)
        .sort(),
    ).toEqual(rows.map((row) => row.tokenSecret).sort());
  });

  it('lets only those who edit the agent change channels; another organization sees none', async () => {
    const bot = telegram.createBot();
    expect((await connect({ type: 'telegram', botToken: bot.token }, agentId, bob)).status).toBe(403);
    expect((await connect({ type: 'whatsapp' }, agentId, mallory)).status).toBe(404);
    const created = await connect({ type: 'telegram', botToken: bot.token }, agentId, carol);
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (const [method, path, body] of [
      ['PATCH', `/api/agent/channels/${id}`, { senders: 'open' }],
      ['DELETE', `/api/agent/channels/${id}`, undefined],
      ['POST', `/api/agent/channels/${id}/pairings/ABC123/approve`, undefined],
    ] as const) {
      const asMember = await platform.call(method, path, body, bob);
      expect(asMember.status, `${method} ${path}`).toBe(403);
      expect(asMember.body.error.code).toBe('FORBIDDEN');
      expect((await platform.call(method, path, body, mallory)).status, `${method} ${path}`).toBe(404);
    }
    for (const path of [
      `/api/agent/agents/${agentId}/channels`,
      `/api/agent/channels/${id}/pairings`,
      `/api/agent/channels/${id}/chats`,
    ]) {
      expect((await platform.call('GET', path, undefined, mallory)).status, path).toBe(404);
    }
  });

  it('patches senders, allow and enabled, checks a new token is the same bot’s, and deletes everything', async () => {
    const bot = telegram.createBot();
    const { id } = (await connect({ type: 'telegram', botToken: bot.token })).body;
    const patched = await platform.call('PATCH', `/api/agent/channels/${id}`, {
      senders: 'allowlist',
      allow: ['7'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ senders: 'allowlist', allow: ['7'], enabled: true });
    const stopped = await platform.call('PATCH', `/api/agent/channels/${id}`, { enabled: false });
    expect(stopped.body).toMatchObject({ enabled: false, status: 'stopped' });
    const otherBot = await platform.call('PATCH', `/api/agent/channels/${id}`, {
      botToken: telegram.createBot().token,
    });
    expect(otherBot.status).toBe(400);
    expect(otherBot.body.error).toMatchObject({
      code: 'CHANNEL_TOKEN_INVALID',
      message: expect.stringContaining('another bot'),
    });
    const wrongType = await platform.call('PATCH', `/api/agent/channels/${id}`, { senders: 'everyone' });
    expect(wrongType.status).toBe(400);
    const nullField = await platform.call('PATCH', `/api/agent/channels/${id}`, { senders: null });
    expect(nullField.status).toBe(400);

    await insertPendingSenders(platform.database.db, id, ['AAA111']);
    await insertChatHistory(platform.database.db, id);
    const row = await platform.database.db
      .selectFrom('channelConnections')
      .select('tokenSecret')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect((await platform.call('DELETE', `/api/agent/channels/${id}`)).status).toBe(204);
    expect((await platform.call('DELETE', `/api/agent/channels/${id}`)).status).toBe(404);
    expect((await platform.call('GET', `/api/agent/channels/${id}/pairings`)).status).toBe(404);
    expect(await platform.secrets.reveal('org_a', row.tokenSecret!)).toBeUndefined();
    for (const table of [
      'channelChats',
      'channelSenders',
      'channelInbound',
      'channelOutbox',
      'channelState',
    ] as const) {
      const left = await platform.database.db
        .selectFrom(table)
        .select('connectionId')
        .where('connectionId', '=', id)
        .execute();
      expect(left, table).toEqual([]);
    }
    const audit = await platform.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('targetId', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      'channel.created',
      'channel.updated',
      'channel.updated',
      'channel.deleted',
    ]);
  });

  it('lists senders waiting and approves or denies each once (admins), audited', async () => {
    const { id } = (await connect({ type: 'whatsapp' })).body;
    await insertPendingSenders(platform.database.db, id, ['PAIR01', 'PAIR02']);
    const waiting = await platform.call('GET', `/api/agent/channels/${id}/pairings`, undefined, bob);
    expect(waiting.status).toBe(200);
    expect(waiting.body.items.map((item: { code: string }) => item.code)).toEqual(['PAIR01', 'PAIR02']);
    expect((await platform.call('GET', `/api/agent/agents/${agentId}/channels`)).body.items).toContainEqual(
      expect.objectContaining({ id, pendingSenders: 2 }),
    );
    expect(
      (await platform.call('POST', `/api/agent/channels/${id}/pairings/pair01/approve`, undefined, carol))
        .status,
    ).toBe(204);
    expect((await platform.call('POST', `/api/agent/channels/${id}/pairings/PAIR01/deny`)).status).toBe(404);
    expect((await platform.call('POST', `/api/agent/channels/${id}/pairings/PAIR02/deny`)).status).toBe(204);
    expect((await platform.call('GET', `/api/agent/channels/${id}/pairings`)).body.items).toEqual([]);
    const audit = await platform.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorId', 'data'])
      .where('targetId', '=', id)
      .where('action', 'like', 'channel.sender_%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ action: 'channel.sender_approved', actorId: carol.userId }),
      expect.objectContaining({ action: 'channel.sender_denied', actorId: alice.userId }),
    ]);
  });

  it("shows a private agent's chats to its creator and admins only", async () => {
    const privateAgent = (
      await platform.call('POST', '/api/agent/agents', {
        name: 'private',
        adapterType: 'pi',
        visibility: 'private',
      })
    ).body.id;
    const { id } = (await connect({ type: 'whatsapp' }, privateAgent)).body;
    const chatId = await insertChatHistory(platform.database.db, id);
    for (const [identity, status] of [
      [alice, 200],
      [carol, 200],
      [bob, 404],
      [mallory, 404],
    ] as const) {
      const chats = await platform.call('GET', `/api/agent/channels/${id}/chats`, undefined, identity);
      expect(chats.status, identity.userId).toBe(status);
      const messages = await platform.call(
        'GET',
        `/api/agent/channels/${id}/chats/${chatId}/messages`,
        undefined,
        identity,
      );
      expect(messages.status, identity.userId).toBe(status);
    }
    const messages = await platform.call('GET', `/api/agent/channels/${id}/chats/${chatId}/messages?limit=1`);
    expect(messages.body.items).toHaveLength(1);
    expect(messages.body.nextCursor).toEqual(expect.any(String));
    expect((await platform.call('GET', `/api/agent/channels/${id}/chats?cursor=nope`)).status).toBe(400);
    expect((await platform.call('GET', `/api/agent/channels/${id}/chats/cht_nope/messages`)).status).toBe(
      404,
    );
  });

  it('streams a WhatsApp login (QR, then linked) and asks for a pairing code; Telegram has none', async () => {
    // Earlier tests' WhatsApp connections open their sockets in the background (a change is
    // announced, not awaited): under load one can open after this test began. Wait for each of
    // them first, so the next socket made is this test's connection's.
    const earlier = await platform.database.db
      .selectFrom('channelConnections')
      .select('id')
      .where('type', '=', 'whatsapp')
      .where('enabled', '=', true)
      .execute();
    await whatsapp.socket(earlier.length, 10_000);
    const before = whatsapp.sockets.length;
    const created = await connect({ type: 'whatsapp' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'whatsapp', status: 'waiting_for_login', account: null });
    const id = created.body.id;
    const socket = await whatsapp.socket(before + 1, 10_000);
    const { events } = await readLoginEvents(platform, id);
    socket.emitQr('2@fake-qr-code');
    const pairing = await platform.call('POST', `/api/agent/channels/${id}/login`, {
      phoneNumber: '+33 6 12 34 56 78',
    });
    expect(pairing.status).toBe(200);
    expect(pairing.body).toEqual({ pairingCode: socket.pairingCode });
    expect(socket.pairingRequests).toEqual(['33612345678']);
    socket.open('+33612345678');
    const seen = await events;
    expect(seen).toContainEqual({ qr: '2@fake-qr-code' });
    expect(seen.at(-1)).toMatchObject({ status: 'connected' });

    const bot = telegram.createBot();
    const tg = (await connect({ type: 'telegram', botToken: bot.token })).body.id;
    const unsupported = await platform.call('GET', `/api/agent/channels/${tg}/login`);
    expect(unsupported.status).toBe(409);
    expect(unsupported.body.error.code).toBe('CHANNEL_LOGIN_UNSUPPORTED');
    const badNumber = await platform.call('POST', `/api/agent/channels/${id}/login`, {
      phoneNumber: 'call me',
    });
    expect(badNumber.status).toBe(400);
  });
});
