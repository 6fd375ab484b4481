import { text } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResponse } from './testing/test-client.ts';
import { startTestStack, type TestStack, type TestUser } from './testing/test-stack.ts';

/** Channels through the gateway, against the real runtime, the Telegram package and the fake Bot API. */
describe('channels through the gateway', () => {
  let stack: TestStack;
  let owner: TestUser;
  let agentId: string;
  const responses: TestResponse[] = [];
  const record = async (pending: Promise<TestResponse>) => {
    const response = await pending;
    responses.push(response);
    return response;
  };

  beforeAll(async () => {
    stack = await startTestStack('sqlite', { publicUrl: 'https://lifeos.example.test' });
    owner = await stack.signUp('Owner');
    agentId = (await owner.client.post('/api/agent/agents', { name: 'on telegram', adapterType: 'pi' })).json
      .id;
  }, 60_000);
  afterAll(async () => stack?.close());

  it('answers a Telegram message, and the bot token appears in no response, log line, event or audit entry', async () => {
    const bot = stack.telegram.createBot({ username: 'canary_bot' });
    const created = await record(
      owner.client.post(`/api/agent/agents/${agentId}/channels`, {
        type: 'telegram',
        botToken: bot.token,
        senders: 'open',
      }),
    );
    expect(created.status, created.text).toBe(201);
    // The mistakes people make: the same bot twice, the token where the type goes, a broken body.
    await record(
      owner.client.post(`/api/agent/agents/${agentId}/channels`, { type: 'telegram', botToken: bot.token }),
    );
    await record(owner.client.post(`/api/agent/agents/${agentId}/channels`, { type: bot.token }));
    await record(
      owner.client.post(`/api/agent/agents/${agentId}/channels`, {
        type: 'telegram',
        botToken: `${bot.token}x`,
      }),
    );
    await record(owner.client.patch(`/api/agent/channels/${created.json.id}`, { botToken: bot.token }));
    await record(owner.client.get(`/api/agent/agents/${agentId}/channels`));
    await record(owner.client.get('/api/secrets'));

    stack.fake.on(() => true, text('Hello from the agent.'), { times: 1 });
    stack.telegram.userSends(bot.token, { text: 'Hi there', from: { id: 4242, firstName: 'Ada' } });
    const reply = await stack.telegram.waitForSent(
      bot.token,
      (sent) => sent.text?.includes('Hello from the agent') ?? false,
      30_000,
    );
    expect(reply).toBeDefined();
    const runs = await record(owner.client.get(`/api/agent/runs?agentId=${agentId}`));
    expect(runs.json.items.length).toBeGreaterThan(0);
    for (const run of runs.json.items) {
      await record(owner.client.get(`/api/agent/runs/${run.id}/events`));
      await record(owner.client.get(`/api/agent/runs/${run.id}`));
    }
    const chats = await record(owner.client.get(`/api/agent/channels/${created.json.id}/chats`));
    expect(chats.json.items).toHaveLength(1);
    await record(
      owner.client.get(`/api/agent/channels/${created.json.id}/chats/${chats.json.items[0].id}/messages`),
    );

    for (const response of responses) {
      expect(response.text.includes(bot.token), response.text).toBe(false);
      expect(JSON.stringify([...response.headers]).includes(bot.token)).toBe(false);
    }
    expect(stack.logLines.filter((line) => line.includes(bot.token))).toEqual([]);
    const events = await stack.database.db.selectFrom('runEvents').selectAll().execute();
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events).includes(bot.token)).toBe(false);
    const audit = await stack.database.db.selectFrom('auditLog').selectAll().execute();
    expect(audit.map((entry) => entry.action)).toContain('channel.created');
    expect(JSON.stringify(audit).includes(bot.token)).toBe(false);
    const rows = await stack.database.db.selectFrom('channelConnections').selectAll().execute();
    expect(JSON.stringify(rows).includes(bot.token)).toBe(false);
  }, 60_000);

  it("lists the channel's secrets as the channel's and refuses to delete them", async () => {
    const bot = stack.telegram.createBot();
    const created = await owner.client.post(`/api/agent/agents/${agentId}/channels`, {
      type: 'telegram',
      botToken: bot.token,
    });
    const secrets = (await owner.client.get('/api/secrets')).json.items as {
      name: string;
      channel: unknown;
    }[];
    const mine = secrets.filter(
      (secret) => (secret.channel as { id?: string } | null)?.id === created.json.id,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        channel: { id: created.json.id, agentId, type: 'telegram' },
        provider: null,
      }),
    ]);
    const refused = await owner.client.delete(`/api/secrets/${mine[0]!.name}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({
      code: 'SECRET_IN_USE',
      message: expect.stringContaining('channel'),
    });
    const rotated = await owner.client.put(`/api/secrets/${mine[0]!.name}`, { value: 'another bot token' });
    expect(rotated.status).toBe(409);
    expect(rotated.json.error.code).toBe('SECRET_IN_USE');
  });

  it("takes Telegram's webhook through the gateway without a session, checking its secret token", async () => {
    const bot = stack.telegram.createBot();
    const created = await owner.client.post(`/api/agent/agents/${agentId}/channels`, {
      type: 'telegram',
      botToken: bot.token,
      senders: 'open',
      webhook: true,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json.transport).toBe('webhook');
    const id = created.json.id as string;
    await expect
      .poll(() => stack.telegram.webhook(bot.token)?.url, { timeout: 10_000 })
      .toBe(`https://lifeos.example.test/api/channels/telegram/${id}/webhook`);
    const secretToken = stack.telegram.webhook(bot.token)!.secretToken!;
    const update = {
      update_id: 1,
      message: {
        message_id: 7,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 5150, type: 'private', first_name: 'Ada' },
        from: { id: 5150, is_bot: false, first_name: 'Ada' },
        text: 'by webhook',
      },
    };
    const deliver = (headers: Record<string, string>, body: string = JSON.stringify(update)) =>
      fetch(`${stack.gatewayUrl}/api/channels/telegram/${id}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const unsigned = await deliver({});
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect((await deliver({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    // A session cookie or API key is no substitute for the secret.
    expect((await deliver(owner.client.credentialHeaders())).status).toBe(401);
    expect((await deliver({ 'x-telegram-bot-api-secret-token': secretToken }, '{"update_id":')).status).toBe(
      400,
    );
    const unknown = await fetch(`${stack.gatewayUrl}/api/channels/telegram/chn_nope/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretToken },
      body: JSON.stringify(update),
    });
    expect(unknown.status).toBe(404);
    const big = await deliver(
      { 'x-telegram-bot-api-secret-token': secretToken },
      `{"x":"${'a'.repeat(300_000)}"}`,
    );
    expect(big.status).toBe(413);
    const accepted = await deliver({ 'x-telegram-bot-api-secret-token': secretToken });
    expect(accepted.status).toBe(200);
    await expect
      .poll(
        async () =>
          (
            await stack.database.db
              .selectFrom('channelInbound')
              .select('text')
              .where('connectionId', '=', id)
              .execute()
          ).map((row) => row.text),
        { timeout: 10_000 },
      )
      .toEqual(['by webhook']);
    // Redelivered: accepted again, journaled once.
    expect((await deliver({ 'x-telegram-bot-api-secret-token': secretToken })).status).toBe(200);
    const journaled = await stack.database.db
      .selectFrom('channelInbound')
      .select('id')
      .where('connectionId', '=', id)
      .execute();
    expect(journaled).toHaveLength(1);
  }, 60_000);
});
