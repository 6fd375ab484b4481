import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '@lifeosai/testkit/databases';
import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConnection } from '../testing/channel-seed.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

/**
 * Two Agent API instances on one Postgres, one bot (the real Telegram package against the fake
 * Bot API): exactly one instance polls it, 100 messages across 10 chats are each answered once,
 * in order per chat; when the poller stops, the other takes the bot over.
 */
describe('two instances on one Postgres', () => {
  let database: TestDatabase;
  let telegram: FakeTelegram;
  let home = '';
  const instances: TestPlatform[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    home = mkdtempSync(join(tmpdir(), 'lifeosai-cluster-'));
    telegram = await startFakeTelegram();
    for (const instanceId of ['instance-a', 'instance-b']) {
      instances.push(
        await startTestPlatform('postgres', {
          database,
          home,
          instanceId,
          telegramApiRoot: telegram.apiRoot,
          channelLeaseMs: 1_500,
        }),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await telegram?.close();
    await database?.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it('polls each bot from one instance and answers 100 messages in 10 chats once each, in order', async () => {
    const [a, b] = instances as [TestPlatform, TestPlatform];
    const created = await a.call('POST', '/api/agent/agents', {
      name: 'Busy',
      adapterType: 'pi',
      adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
      limits: { maxConcurrentRuns: 10 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const bot = telegram.createBot({ username: 'busy_bot' });
    await a.secrets.create(alice.orgId, 'busy-bot', bot.token, alice.userId);
    const connectionId = await seedConnection(
      database.db,
      { orgId: alice.orgId, agentId: created.body.id },
      { type: 'telegram', tokenSecret: 'busy-bot' },
    );
    await b.channels.changed(connectionId);
    await until(
      () => a.channels.localConnectionIds().length + b.channels.localConnectionIds().length === 1,
      10_000,
      'one holder',
    );

    for (let index = 0; index < 10; index++) {
      for (let chat = 0; chat < 10; chat++) {
        telegram.userSends(bot.token, { text: `M${chat}-${index}.`, from: { id: 9000 + chat } });
      }
    }
    const replies = () => telegram.sent(bot.token).filter((sent) => sent.method === 'sendMessage');
    const markers = (chat: number) =>
      replies()
        .filter((sent) => sent.chatId === 9000 + chat)
        .flatMap((sent) => (sent.plainText ?? '').match(/M\d-\d\./g) ?? []);
    await until(
      () => Array.from({ length: 10 }, (_, chat) => markers(chat).length).every((count) => count >= 10),
      90_000,
      'all answered',
    );
    for (let chat = 0; chat < 10; chat++) {
      // The fake LLM echoes each turn's prompt: every message once, in the order sent.
      expect(markers(chat)).toEqual(Array.from({ length: 10 }, (_, index) => `M${chat}-${index}.`));
    }
    expect(a.channels.localConnectionIds().length + b.channels.localConnectionIds().length).toBe(1);
    const rows = await database.db
      .selectFrom('channelInbound')
      .select('status')
      .where('connectionId', '=', connectionId)
      .execute();
    expect(rows).toHaveLength(100);
    expect(rows.every((row) => row.status === 'done')).toBe(true);
    expect(telegram.calls(bot.token, 'getUpdates').filter((call) => call.status === 409)).toEqual([]);

    // The holder stops: its lease goes back and the other instance polls the bot.
    const holder = a.channels.localConnectionIds().length === 1 ? a : b;
    const other = holder === a ? b : a;
    await holder.channels.stop();
    await until(() => other.channels.localConnectionIds().includes(connectionId), 10_000, 'takeover');
    telegram.userSends(bot.token, { text: 'After the takeover.', from: { id: 9000 } });
    await until(
      () => replies().some((sent) => (sent.plainText ?? '').includes('After the takeover.')),
      20_000,
      'answer after takeover',
    );
  }, 150_000);
});

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
