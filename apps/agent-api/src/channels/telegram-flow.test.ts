import { text } from '@lifeosai/testkit/fake-llm';
import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConnection } from '../testing/channel-seed.ts';
import { harnessCases } from '../testing/harness-cases.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

/**
 * Telegram end to end: the real Telegram package (grammY) long-polling the fake Bot API, the
 * runtime, a real Claude Code and a real Pi agent on the fake LLM. A message is answered, the
 * next one continues the session, a redelivered update makes no second run or reply.
 */
describe('a Telegram chat with an agent', () => {
  let platform: TestPlatform;
  let telegram: FakeTelegram;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    platform = await startTestPlatform('sqlite', { telegramApiRoot: telegram.apiRoot });
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await telegram?.close();
  });

  describe.each(harnessCases.filter((harness) => ['claude-code', 'pi'].includes(harness.label)))(
    'with $label',
    (harness) => {
      it('answers, continues the session, and answers a redelivered update once', async () => {
        const created = await platform.call('POST', '/api/agent/agents', {
          name: `${harness.label} on Telegram`,
          adapterType: harness.adapterType,
          adapterConfig: harness.adapterConfig,
        });
        const bot = telegram.createBot({ username: `${harness.label.replace('-', '_')}_bot` });
        const secret = `telegram-${harness.label}`;
        await platform.secrets.create(alice.orgId, secret, bot.token, alice.userId);
        const connectionId = await seedConnection(
          platform.database.db,
          { orgId: alice.orgId, agentId: created.body.id },
          { type: 'telegram', tokenSecret: secret },
        );
        await platform.channels.changed(connectionId);
        const tag = harness.label.toUpperCase();
        platform.fake.on((call) => call.lastUserText.includes(`fig ${tag}`), text(`**Fig** noted, ${tag}.`));
        platform.fake.on(
          (call) => call.lastUserText.includes(`date ${tag}`),
          text(`Date after fig, ${tag}.`),
        );

        const first = telegram.userSends(bot.token, { text: `fig ${tag}`, from: { id: 4242 } });
        const reply = await telegram.waitForSent(
          bot.token,
          (sent) => sent.method === 'sendMessage' && (sent.plainText ?? '').includes(`Fig noted, ${tag}.`),
          30_000,
        );
        expect(reply.text).toContain('<b>Fig</b>');
        expect(reply.parseMode).toBe('HTML');
        telegram.redeliver(bot.token, first.update_id);
        telegram.userSends(bot.token, { text: `date ${tag}`, from: { id: 4242 } });
        await telegram.waitForSent(
          bot.token,
          (sent) => (sent.plainText ?? '').includes(`Date after fig, ${tag}.`),
          30_000,
        );
        const rows = await platform.database.db
          .selectFrom('channelInbound')
          .selectAll()
          .where('connectionId', '=', connectionId)
          .orderBy('id')
          .execute();
        expect(rows.map((row) => row.status)).toEqual(['done', 'done']);
        const runs = await Promise.all(
          rows.map((row) => platform.call('GET', `/api/agent/runs/${row.runId}`)),
        );
        expect(runs[1]!.body.sessionId).toBe(runs[0]!.body.sessionId);
        const replies = telegram.sent(bot.token).filter((sent) => sent.method === 'sendMessage');
        expect(replies.map((sent) => sent.plainText)).toEqual([
          `Fig noted, ${tag}.`,
          `Date after fig, ${tag}.`,
        ]);
        const connection = await platform.call('GET', `/api/agent/runs?agentId=${created.body.id}`);
        expect(connection.body.items ?? connection.body).toHaveLength(2);
      }, 60_000);
    },
  );
});
