import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel } from './driver.ts';
import { recordingContext, waitUntil } from './test-context.ts';

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await startFakeTelegram();
});
afterEach(async () => {
  await fake.close();
});

const fast = () =>
  createTelegramChannel({
    apiRoot: fake.apiRoot,
    pollTimeoutSeconds: 1,
    backoff: { initialMs: 50, maxMs: 200 },
  });

describe('polling', () => {
  it('reports connected with the account and delivers a message', async () => {
    const bot = fake.createBot({ username: 'lifeos_bot' });
    const context = recordingContext(bot.token);
    const connection = fast().connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'));
    expect(context.statuses).toEqual([
      { status: 'connecting' },
      { status: 'connected', account: { id: String(bot.id), name: '@lifeos_bot' } },
    ]);
    fake.userSends(bot.token, { text: 'hello' });
    await waitUntil(() => context.inbound.length === 1);
    expect(context.inbound[0]).toMatchObject({
      text: 'hello',
      chat: { kind: 'private', id: '1001' },
      mentioned: true,
    });
    const started = Date.now();
    await connection.stop();
    expect(Date.now() - started).toBeLessThan(300);
  });
});

describe('acknowledgement', () => {
  it('moves the offset only after onInbound resolved; a rejected journal gets the same update again', async () => {
    const bot = fake.createBot();
    const context = recordingContext(bot.token);
    let attempts = 0;
    let release: () => void = () => undefined;
    context.journal = async (messages) => {
      attempts++;
      if (attempts === 1) throw new Error('database down');
      // Held: while the journal write is pending, Telegram still holds the update.
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      context.inbound.push(...messages);
    };
    const connection = fast().connect(context);
    await connection.start();
    const update = fake.userSends(bot.token, { text: 'keep me' });
    await waitUntil(() => attempts === 2, 3000, 'the second journal attempt');
    expect(fake.pendingUpdates(bot.token).map((pending) => pending.update_id)).toEqual([update.update_id]);
    release();
    await waitUntil(() => context.inbound.length === 1);
    // The next poll confirms it.
    await waitUntil(() => fake.pendingUpdates(bot.token).length === 0, 3000, 'the acknowledgement');
    expect(context.inbound.map((message) => message.ackToken)).toEqual([String(update.update_id)]);
    expect(context.logLines.some((line) => line.includes('did not journal'))).toBe(true);
    await connection.stop();
  });

  it('skips service messages and edits without failing the batch', async () => {
    const bot = fake.createBot();
    const context = recordingContext(bot.token);
    const first = fake.userSends(bot.token, { text: 'first' });
    fake.userJoins(bot.token, {});
    fake.userEdits(bot.token, { chatId: 1001, messageId: first.message!.message_id, text: 'edited' });
    fake.userSends(bot.token, { text: 'second' });
    const connection = fast().connect(context);
    await connection.start();
    await waitUntil(() => context.inbound.length === 2);
    expect(context.inbound.map((message) => message.text)).toEqual(['first', 'second']);
    await waitUntil(() => fake.pendingUpdates(bot.token).length === 0);
    await connection.stop();
  });
});

describe('failures', () => {
  it('stops polling on a revoked token and says what to do', async () => {
    const bot = fake.createBot();
    const context = recordingContext(bot.token);
    const connection = fast().connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'));
    fake.revokeBot(bot.token);
    await waitUntil(() => context.statuses.some((status) => status.status === 'error'), 5000);
    const error = context.statuses.at(-1);
    expect(error).toMatchObject({ status: 'error', reason: 'credentials_invalid', retrying: false });
    expect(JSON.stringify(error)).toContain('BotFather');
    const calls = fake.calls(bot.token).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.calls(bot.token).length).toBe(calls);
    await connection.stop();
  });

  it('backs off on 5xx and reconnects, saying so', async () => {
    const bot = fake.createBot();
    fake.failNext(bot.token, 'getUpdates', { status: 500 }, 3);
    const context = recordingContext(bot.token);
    const connection = fast().connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'), 5000);
    const errors = context.statuses.filter((status) => status.status === 'error');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatchObject({ reason: 'network', retrying: true });
    await connection.stop();
  });

  it('waits retry_after on 429', async () => {
    const bot = fake.createBot();
    fake.failNext(bot.token, 'getUpdates', { status: 429, retryAfter: 1 });
    const context = recordingContext(bot.token);
    const connection = fast().connect(context);
    const started = Date.now();
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'), 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(context.statuses[1]).toMatchObject({ status: 'error', reason: 'rate_limited', retrying: true });
    await connection.stop();
  });

  it('releases a held long poll at once on stop', async () => {
    const bot = fake.createBot();
    const context = recordingContext(bot.token);
    const connection = createTelegramChannel({ apiRoot: fake.apiRoot, pollTimeoutSeconds: 30 }).connect(
      context,
    );
    await connection.start();
    await waitUntil(() => fake.calls(bot.token, 'getUpdates').length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await connection.stop();
    expect(Date.now() - started).toBeLessThan(300);
  });
});
