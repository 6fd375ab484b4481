import { ChannelSendError } from '@lifeosai/channel-spec';
import { describe, expect, it } from 'vitest';
import { createTelegramChannel } from './driver.ts';
import { recordingContext, rejectionOf, useFakeTelegram, waitUntil } from './test-context.ts';
import { redactToken } from './token.ts';

const telegram = useFakeTelegram();

/** Everything an error exposes: message, stack, enumerable fields, causes. */
function everything(error: unknown): string {
  const seen: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const value = current as Error & Record<string, unknown>;
    seen.push(
      String(value),
      value.message ?? '',
      value.stack ?? '',
      JSON.stringify(value, Object.getOwnPropertyNames(value)),
    );
    current = value.cause;
  }
  return seen.join('\n');
}

describe('the bot token', () => {
  const token = `123456789:AAH${'x9Q_-'.repeat(7)}`;
  const secret = token.split(':')[1]!;
  const unreachable = createTelegramChannel({
    apiRoot: 'http://127.0.0.1:1',
    backoff: { initialMs: 20, maxMs: 40 },
  });

  it('is in no error of verify, send, typing, edit or download when Telegram is unreachable', async () => {
    const context = recordingContext(token);
    const connection = unreachable.connect(context);
    const errors = [
      await rejectionOf(unreachable.verifyCredentials({ botToken: token })),
      await rejectionOf(connection.send({ chatId: '1', text: 'x', idempotencyKey: 'k' })),
      await rejectionOf(connection.typing!('1')),
      await rejectionOf(connection.edit!('1', '1:2', 'x')),
      await rejectionOf(connection.download!('file', 100)),
    ];
    expect(errors[1]).toBeInstanceOf(ChannelSendError);
    for (const error of errors) {
      expect(everything(error)).not.toContain(secret);
      expect(everything(error)).not.toMatch(/127\.0\.0\.1:1\/bot/);
    }
  });

  it('is in no log line or status of a failing poll loop', async () => {
    const context = recordingContext(token);
    const connection = unreachable.connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'error'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await connection.stop();
    expect(context.logLines.length).toBeGreaterThan(0);
    expect(JSON.stringify([context.logLines, context.statuses])).not.toContain(secret);
  });

  it('is in no error when Telegram answers with errors', async () => {
    const bot = telegram.fake.createBot();
    const connection = createTelegramChannel({ apiRoot: telegram.fake.apiRoot }).connect(
      recordingContext(bot.token),
    );
    telegram.fake.failNext(bot.token, 'sendMessage', { status: 500 });
    const errors = [
      await rejectionOf(connection.send({ chatId: '1', text: 'x', idempotencyKey: 'k' })),
      await rejectionOf(connection.send({ chatId: '999', text: 'x', idempotencyKey: 'k' })),
      await rejectionOf(connection.download!('nope', 100)),
    ];
    for (const error of errors) expect(everything(error)).not.toContain(bot.token.split(':')[1]);
  });

  it('is removed from text by redactToken, whole or as its secret half', () => {
    expect(redactToken(`GET http://x/bot${token}/getMe failed`, token)).toBe(
      'GET http://x/bot<bot token>/getMe failed',
    );
    expect(redactToken(`secret ${secret}`, token)).toBe('secret <bot token>');
    expect(redactToken('/bot42:other_token-here/getMe', token)).toBe('/bot<bot token>/getMe');
  });
});
