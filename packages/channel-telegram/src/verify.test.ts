import { ChannelCredentialsError } from '@lifeosai/channel-spec';
import { describe, expect, it } from 'vitest';
import { createTelegramChannel, telegramChannel } from './driver.ts';
import { rejectionOf, useFakeTelegram } from './test-context.ts';

const telegram = useFakeTelegram();

describe('verifyCredentials', () => {
  it('returns the bot as id and @username', async () => {
    const bot = telegram.fake.createBot({ username: 'lifeos_bot' });
    const driver = createTelegramChannel({ apiRoot: telegram.fake.apiRoot });
    expect(await driver.verifyCredentials({ botToken: bot.token })).toEqual({
      id: String(bot.id),
      name: '@lifeos_bot',
    });
  });

  it('reads TELEGRAM_API_ROOT when used, not when imported', async () => {
    const bot = telegram.fake.createBot({ username: 'env_bot' });
    const before = process.env.TELEGRAM_API_ROOT;
    process.env.TELEGRAM_API_ROOT = telegram.fake.apiRoot;
    try {
      expect(await telegramChannel.verifyCredentials({ botToken: bot.token })).toMatchObject({
        name: '@env_bot',
      });
    } finally {
      if (before === undefined) delete process.env.TELEGRAM_API_ROOT;
      else process.env.TELEGRAM_API_ROOT = before;
    }
  });

  it('refuses an unknown or revoked token, saying to copy it again from BotFather', async () => {
    const driver = createTelegramChannel({ apiRoot: telegram.fake.apiRoot });
    const unknown = await rejectionOf(
      driver.verifyCredentials({ botToken: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
    );
    expect(unknown).toBeInstanceOf(ChannelCredentialsError);
    expect(unknown.message).toMatch(/BotFather/);
    const bot = telegram.fake.createBot();
    telegram.fake.revokeBot(bot.token);
    expect(await rejectionOf(driver.verifyCredentials({ botToken: bot.token }))).toBeInstanceOf(
      ChannelCredentialsError,
    );
  });

  it('refuses what is not shaped like a token before any request', async () => {
    const driver = createTelegramChannel({ apiRoot: 'http://127.0.0.1:1' });
    for (const botToken of [
      undefined,
      '',
      'hello',
      '123:short',
      '123456:AAAAAAAAAAAAAAAAAAAAAAA/../getMe',
      `123456:${'A'.repeat(30)} x`,
    ]) {
      const error = await rejectionOf(driver.verifyCredentials({ botToken }));
      expect(error).toBeInstanceOf(ChannelCredentialsError);
      expect(error.message).toMatch(/BotFather/);
    }
  });

  it('does not call an unreachable or failing Telegram an invalid token', async () => {
    const bot = telegram.fake.createBot();
    const down = await rejectionOf(
      createTelegramChannel({ apiRoot: 'http://127.0.0.1:1' }).verifyCredentials({ botToken: bot.token }),
    );
    expect(down).not.toBeInstanceOf(ChannelCredentialsError);
    expect(down.message).toMatch(/could not be reached/);
    telegram.fake.failNext(bot.token, 'getMe', { status: 500 });
    const failing = await rejectionOf(
      createTelegramChannel({ apiRoot: telegram.fake.apiRoot }).verifyCredentials({ botToken: bot.token }),
    );
    expect(failing).not.toBeInstanceOf(ChannelCredentialsError);
    expect(failing.message).toMatch(/could not be reached/);
  });
});
