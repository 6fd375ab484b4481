import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramChannel } from './driver.ts';
import { recordingContext, waitUntil } from './test-context.ts';
import { parseTelegramWebhook } from './webhook.ts';

const expected = { secretToken: 's3cret-token_1', account: { id: '900', name: '@lifeos_bot' } };
const body = {
  update_id: 5,
  message: {
    message_id: 3,
    date: 1,
    chat: { id: -1, type: 'group', title: 'G' },
    from: { id: 1, is_bot: false, first_name: 'A' },
    text: 'hi @lifeos_bot',
    entities: [{ type: 'mention', offset: 3, length: 11 }],
  },
};

describe('parseWebhook', () => {
  it('accepts the right secret (any header case) and parses the update', () => {
    const messages = parseTelegramWebhook(
      { headers: { 'X-Telegram-Bot-Api-Secret-Token': 's3cret-token_1' }, body },
      expected,
    );
    expect(messages).toMatchObject([
      { networkMessageId: '-1:3', ackToken: '5', mentioned: true, chat: { kind: 'group' } },
    ]);
    expect(
      parseTelegramWebhook(
        { headers: { 'x-telegram-bot-api-secret-token': 's3cret-token_1' }, body: JSON.stringify(body) },
        expected,
      ),
    ).toHaveLength(1);
  });

  it('returns null for a wrong, missing, repeated or prefix secret, without reading the body', () => {
    const hostileBody = {
      get update_id(): number {
        throw new Error('the body was read');
      },
    };
    for (const headers of [
      {},
      { 'x-telegram-bot-api-secret-token': 'wrong' },
      { 'x-telegram-bot-api-secret-token': 's3cret' },
      { 'x-telegram-bot-api-secret-token': ['s3cret-token_1', 'x'] },
    ]) {
      expect(parseTelegramWebhook({ headers, body: hostileBody }, expected)).toBeNull();
    }
    expect(
      parseTelegramWebhook(
        { headers: { 'x-telegram-bot-api-secret-token': '' }, body },
        { ...expected, secretToken: '' },
      ),
    ).toBeNull();
  });

  it('gives no messages for a body that is not an update', () => {
    const headers = { 'x-telegram-bot-api-secret-token': 's3cret-token_1' };
    for (const junk of ['{not json', null, 42, { update_id: 'x' }, Buffer.from('[]')]) {
      expect(parseTelegramWebhook({ headers, body: junk }, expected)).toEqual([]);
    }
  });
});

describe('webhook transport', () => {
  let fake: FakeTelegram | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('sets the webhook with the secret at start, and leaves it set at stop', async () => {
    fake = await startFakeTelegram();
    const bot = fake.createBot({ username: 'lifeos_bot' });
    const context = recordingContext(bot.token, {
      kind: 'webhook',
      url: 'https://lifeos.example/api/channels/telegram/c1/webhook',
      secretToken: 'abc_123',
    });
    const connection = createTelegramChannel({ apiRoot: fake.apiRoot }).connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'connected'));
    expect(fake.webhook(bot.token)).toEqual({
      url: 'https://lifeos.example/api/channels/telegram/c1/webhook',
      secretToken: 'abc_123',
    });
    expect(fake.calls(bot.token, 'getUpdates')).toHaveLength(0);
    await connection.stop();
    expect(fake.webhook(bot.token)).not.toBeNull();
    expect(fake.calls(bot.token, 'deleteWebhook')).toHaveLength(0);
  });
  it('says why Telegram refused the webhook, and retries when Telegram fails', async () => {
    fake = await startFakeTelegram();
    const bot = fake.createBot();
    const refused = recordingContext(bot.token, { kind: 'webhook', url: 'ftp://nope', secretToken: 'abc' });
    const first = createTelegramChannel({ apiRoot: fake.apiRoot }).connect(refused);
    await first.start();
    await waitUntil(() => refused.statuses.some((status) => status.status === 'error'));
    expect(refused.statuses.at(-1)).toMatchObject({
      status: 'error',
      retrying: false,
      message: expect.stringMatching(/HTTPS/),
    });
    await first.stop();

    fake.failNext(bot.token, 'setWebhook', { status: 500 });
    const retried = recordingContext(bot.token, {
      kind: 'webhook',
      url: 'https://ok.example/hook',
      secretToken: 'abc',
    });
    const second = createTelegramChannel({
      apiRoot: fake.apiRoot,
      backoff: { initialMs: 20, maxMs: 40 },
    }).connect(retried);
    await second.start();
    await waitUntil(() => retried.statuses.at(-1)?.status === 'connected');
    expect(retried.statuses.map((status) => status.status)).toEqual(['connecting', 'error', 'connected']);
    await second.stop();
  });
});
