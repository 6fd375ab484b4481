import { describe, expect, it } from 'vitest';
import { createTelegramChannel } from './driver.ts';
import { fastDriver, recordingContext, useFakeTelegram, waitUntil } from './test-context.ts';

const telegram = useFakeTelegram();

describe('polling', () => {
  it('reports connected with the account and delivers a message', async () => {
    const bot = telegram.fake.createBot({ username: 'lifeos_bot' });
    const context = recordingContext(bot.token);
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'));
    expect(context.statuses).toEqual([
      { status: 'connecting' },
      { status: 'connected', account: { id: String(bot.id), name: '@lifeos_bot' } },
    ]);
    telegram.fake.userSends(bot.token, { text: 'hello' });
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
    const bot = telegram.fake.createBot();
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
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    const update = telegram.fake.userSends(bot.token, { text: 'keep me' });
    await waitUntil(() => attempts === 2, 3000, 'the second journal attempt');
    expect(telegram.fake.pendingUpdates(bot.token).map((pending) => pending.update_id)).toEqual([
      update.update_id,
    ]);
    release();
    await waitUntil(() => context.inbound.length === 1);
    // The next poll confirms it.
    await waitUntil(() => telegram.fake.pendingUpdates(bot.token).length === 0, 3000, 'the acknowledgement');
    expect(context.inbound.map((message) => message.ackToken)).toEqual([String(update.update_id)]);
    expect(context.logLines.some((line) => line.includes('did not journal'))).toBe(true);
    await connection.stop();
  });

  it('backs off more and more while the journal keeps failing (no tight loop)', async () => {
    const bot = telegram.fake.createBot();
    const context = recordingContext(bot.token);
    const attempts: number[] = [];
    context.journal = async () => {
      attempts.push(Date.now());
      throw new Error('database down');
    };
    telegram.fake.userSends(bot.token, { text: 'waiting' });
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await connection.stop();
    // 25–50, 50–100, then 100–200 ms between tries: a handful in a second, never hundreds.
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    expect(attempts.length).toBeLessThanOrEqual(12);
    const gaps = attempts.slice(1).map((at, index) => at - attempts[index]!);
    expect(Math.max(...gaps.slice(-3))).toBeGreaterThanOrEqual(90);
    expect(telegram.fake.pendingUpdates(bot.token)).toHaveLength(1);
  });

  it('skips service messages and edits without failing the batch', async () => {
    const bot = telegram.fake.createBot();
    const context = recordingContext(bot.token);
    const first = telegram.fake.userSends(bot.token, { text: 'first' });
    telegram.fake.userJoins(bot.token, {});
    telegram.fake.userEdits(bot.token, {
      chatId: 1001,
      messageId: first.message!.message_id,
      text: 'edited',
    });
    telegram.fake.userSends(bot.token, { text: 'second' });
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    await waitUntil(() => context.inbound.length === 2);
    expect(context.inbound.map((message) => message.text)).toEqual(['first', 'second']);
    await waitUntil(() => telegram.fake.pendingUpdates(bot.token).length === 0);
    await connection.stop();
  });
});

describe('failures', () => {
  it('stops polling on a revoked token and says what to do', async () => {
    const bot = telegram.fake.createBot();
    const context = recordingContext(bot.token);
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'));
    telegram.fake.revokeBot(bot.token);
    await waitUntil(() => context.statuses.some((status) => status.status === 'error'), 5000);
    const error = context.statuses.at(-1);
    expect(error).toMatchObject({ status: 'error', reason: 'credentials_invalid', retrying: false });
    expect(JSON.stringify(error)).toContain('BotFather');
    const calls = telegram.fake.calls(bot.token).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.fake.calls(bot.token).length).toBe(calls);
    await connection.stop();
  });

  it('backs off on 5xx and reconnects, saying so', async () => {
    const bot = telegram.fake.createBot();
    telegram.fake.failNext(bot.token, 'getUpdates', { status: 500 }, 3);
    const context = recordingContext(bot.token);
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'), 5000);
    const errors = context.statuses.filter((status) => status.status === 'error');
    // Said once while it repeats.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: 'network', retrying: true });
    expect(telegram.fake.calls(bot.token, 'getUpdates').map((call) => call.status)).toEqual([
      500, 500, 500, 200,
    ]);
    await connection.stop();
  });

  it('waits retry_after on 429', async () => {
    const bot = telegram.fake.createBot();
    telegram.fake.failNext(bot.token, 'getUpdates', { status: 429, retryAfter: 1 });
    const context = recordingContext(bot.token);
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    const started = Date.now();
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'), 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(context.statuses[1]).toMatchObject({ status: 'error', reason: 'rate_limited', retrying: true });
    await connection.stop();
  });

  it('releases a held long poll at once on stop', async () => {
    const bot = telegram.fake.createBot();
    const context = recordingContext(bot.token);
    const connection = createTelegramChannel({
      apiRoot: telegram.fake.apiRoot,
      pollTimeoutSeconds: 30,
    }).connect(context);
    await connection.start();
    await waitUntil(() => telegram.fake.calls(bot.token, 'getUpdates').length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await connection.stop();
    expect(Date.now() - started).toBeLessThan(300);
  });
});

describe('groups, commands, media and buttons through polling', () => {
  it('delivers mentions, commands and photos, and answers a button press once it is journaled', async () => {
    const bot = telegram.fake.createBot({ username: 'lifeos_bot' });
    const context = recordingContext(bot.token);
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    const group = { type: 'supergroup' as const, id: -100777, title: 'Team' };
    telegram.fake.userSends(bot.token, { chat: group, text: 'talking among ourselves' });
    telegram.fake.userSends(bot.token, { chat: group, mention: true, text: 'what do you think?' });
    telegram.fake.userSends(bot.token, { chat: group, text: '/status@lifeos_bot' });
    telegram.fake.userSends(bot.token, { chat: group, text: '/status@other_bot' });
    telegram.fake.userSends(bot.token, { photo: { bytes: new Uint8Array([9, 9, 9]) }, text: 'a photo' });
    await waitUntil(() => context.inbound.length === 5);
    expect(
      context.inbound.map((message) => [message.chat.kind, message.mentioned, message.command?.name]),
    ).toEqual([
      ['group', false, undefined],
      ['group', true, undefined],
      ['group', true, 'status'],
      ['group', false, undefined],
      ['private', true, undefined],
    ]);
    const photo = context.inbound[4]!.media![0]!;
    expect(photo).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', size: 3 });
    expect([...(await connection.download!(photo.ref, 1000))]).toEqual([9, 9, 9]);

    const sent = await connection.send({
      chatId: '1001',
      text: 'Allow?',
      buttons: [[{ text: 'Allow', data: 'allow' }]],
      idempotencyKey: 'b1',
    });
    const press = telegram.fake.pressButton(bot.token, {
      chatId: 1001,
      messageId: Number(sent.networkMessageIds[0]!.split(':')[1]),
      data: 'allow',
    });
    await waitUntil(() => context.inbound.length === 6);
    expect(context.inbound[5]).toMatchObject({
      networkMessageId: `cb:${press.callback_query!.id}`,
      buttonData: 'allow',
      mentioned: true,
    });
    await telegram.fake.waitForSent(bot.token, (record) => record.method === 'answerCallbackQuery');
    await connection.stop();
  });
});
