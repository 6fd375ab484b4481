import { ChannelSendError } from '@lifeosai/channel-spec';
import { describe, expect, it } from 'vitest';
import { createTelegramChannel } from './driver.ts';
import { messageIdOf } from './outbound.ts';
import { recordingContext, useFakeTelegram } from './test-context.ts';

const telegram = useFakeTelegram();

function connect() {
  const bot = telegram.fake.createBot({ username: 'lifeos_bot' });
  const driver = createTelegramChannel({ apiRoot: telegram.fake.apiRoot, pollTimeoutSeconds: 1 });
  const context = recordingContext(bot.token);
  const connection = driver.connect(context);
  const chat = telegram.fake.userSends(bot.token, { text: 'hi' }).message!;
  return { bot, driver, context, connection, chatId: String(chat.chat.id), incoming: chat };
}

async function rejection(promise: Promise<unknown>): Promise<ChannelSendError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
}

describe('send', () => {
  it('sends a formatted part as HTML, replying, with buttons; returns chat:message ids', async () => {
    const { bot, driver, connection, chatId, incoming } = connect();
    const [part] = driver.format('**Allow** `rm -rf build`?');
    const sent = await connection.send({
      chatId,
      text: part!,
      replyTo: `${chatId}:${incoming.message_id}`,
      buttons: [
        [
          { text: 'Allow', data: 'perm:1:allow' },
          { text: 'Deny', data: 'perm:1:deny' },
        ],
      ],
      idempotencyKey: 'k1',
    });
    const [record] = telegram.fake.sent(bot.token);
    expect(record).toMatchObject({
      method: 'sendMessage',
      text: '<b>Allow</b> <code>rm -rf build</code>?',
      parseMode: 'HTML',
      plainText: 'Allow rm -rf build?',
      replyToMessageId: incoming.message_id,
      replyMarkup: {
        inline_keyboard: [
          [
            { text: 'Allow', callback_data: 'perm:1:allow' },
            { text: 'Deny', callback_data: 'perm:1:deny' },
          ],
        ],
      },
    });
    expect(sent.networkMessageIds).toEqual([`${chatId}:${record!.messageId}`]);
  });

  it('sends again as plain text when Telegram cannot parse the entities', async () => {
    const { bot, connection, chatId } = connect();
    await connection.send({ chatId, text: '<b>unclosed & <i>bad</b>', idempotencyKey: 'k2' });
    const calls = telegram.fake.calls(bot.token, 'sendMessage');
    expect(calls.map((call) => call.status)).toEqual([400, 200]);
    expect(telegram.fake.sent(bot.token)[0]).toMatchObject({ text: 'unclosed & bad', parseMode: undefined });
  });

  it('surfaces 429 retry_after, 5xx as retryable, blocked and unknown chats as final', async () => {
    const { bot, connection, chatId } = connect();
    telegram.fake.failNext(bot.token, 'sendMessage', { status: 429, retryAfter: 7 });
    const limited = await rejection(connection.send({ chatId, text: 'a', idempotencyKey: 'k' }));
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    telegram.fake.failNext(bot.token, 'sendMessage', { status: 500 });
    expect(await rejection(connection.send({ chatId, text: 'a', idempotencyKey: 'k' }))).toMatchObject({
      retryable: true,
    });
    const unknown = await rejection(connection.send({ chatId: '424242', text: 'a', idempotencyKey: 'k' }));
    expect(unknown.retryable).toBe(false);
    expect(unknown.message).toMatch(/does not know this chat/);
    telegram.fake.blockBot(bot.token, Number(chatId));
    const blocked = await rejection(connection.send({ chatId, text: 'a', idempotencyKey: 'k' }));
    expect(blocked.retryable).toBe(false);
    expect(blocked.message).toMatch(/blocked the bot/);
  });

  it('refuses an empty message without calling Telegram', async () => {
    const { bot, connection, chatId } = connect();
    const error = await rejection(connection.send({ chatId, text: '  ', idempotencyKey: 'k' }));
    expect(error.retryable).toBe(false);
    expect(telegram.fake.calls(bot.token)).toEqual([]);
  });

  it('says Telegram is unreachable (retryable) when it is down', async () => {
    const { bot, chatId } = connect();
    const context = recordingContext(bot.token);
    const down = createTelegramChannel({ apiRoot: 'http://127.0.0.1:1' }).connect(context);
    const error = await rejection(down.send({ chatId, text: 'a', idempotencyKey: 'k' }));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/could not be reached/);
  });

  it('sends media with the text as caption, or the text first when it is too long for one', async () => {
    const { bot, connection, chatId } = connect();
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    await connection.send({
      chatId,
      text: '<b>chart</b>',
      media: [{ kind: 'image', fileName: 'chart.png', mimeType: 'image/png', data: bytes }],
      idempotencyKey: 'm1',
    });
    const photo = telegram.fake.sent(bot.token)[0]!;
    expect(photo).toMatchObject({ method: 'sendPhoto', text: '<b>chart</b>', parseMode: 'HTML' });
    expect([...photo.file!.bytes]).toEqual([...bytes]);
    const long = 'x'.repeat(1500);
    const sent = await connection.send({
      chatId,
      text: long,
      media: [
        { kind: 'voice', fileName: 'note.ogg', mimeType: 'audio/ogg', data: new Uint8Array([1]) },
        { kind: 'document', fileName: 'report.pdf', mimeType: 'application/pdf', data: new Uint8Array([2]) },
      ],
      idempotencyKey: 'm2',
    });
    expect(
      telegram.fake
        .sent(bot.token)
        .slice(1)
        .map((record) => [record.method, record.text?.length, record.file?.fileName]),
    ).toEqual([
      ['sendMessage', 1500, undefined],
      ['sendVoice', undefined, 'note.ogg'],
      ['sendDocument', undefined, 'report.pdf'],
    ]);
    expect(sent.networkMessageIds).toHaveLength(3);
  });
});

describe('typing, edit, download', () => {
  it('shows typing and edits a sent message; "not modified" is success', async () => {
    const { bot, connection, chatId } = connect();
    await connection.typing!(chatId);
    const sent = await connection.send({ chatId, text: 'Working…', idempotencyKey: 'e1' });
    await connection.edit!(chatId, sent.networkMessageIds[0]!, '<b>Done</b>');
    await connection.edit!(chatId, sent.networkMessageIds[0]!, '<b>Done</b>');
    expect(
      telegram.fake.sent(bot.token).map((record) => [record.method, record.action ?? record.text]),
    ).toEqual([
      ['sendChatAction', 'typing'],
      ['sendMessage', 'Working…'],
      ['editMessageText', '<b>Done</b>'],
    ]);
    const missing = await rejection(connection.edit!(chatId, `${chatId}:999`, 'x'));
    expect(missing.retryable).toBe(false);
  });

  it('downloads an inbound photo, refusing one over maxBytes', async () => {
    const { bot, connection } = connect();
    const bytes = new Uint8Array(5000).map((_, index) => index % 251);
    const update = telegram.fake.userSends(bot.token, { photo: { bytes }, text: 'look' });
    const ref = update.message!.photo!.at(-1)!.file_id;
    expect([...(await connection.download!(ref, 10_000))]).toEqual([...bytes]);
    await expect(connection.download!(ref, 4000)).rejects.toThrow(/larger than/);
    await expect(connection.download!('nope', 4000)).rejects.toThrow(/could not give the file/);
  });
});

describe('messageIdOf', () => {
  it('reads <chat>:<message> and bare ids, never a button press id', () => {
    expect(messageIdOf('-100123:45')).toBe(45);
    expect(messageIdOf('45')).toBe(45);
    expect(messageIdOf('cb:123456')).toBeUndefined();
    expect(messageIdOf('1001:abc')).toBeUndefined();
  });
});
