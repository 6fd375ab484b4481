import { type ChannelAccount, ChannelCredentialsError } from '@lifeosai/channel-spec';
import { createTelegramApi, grammySignal } from './api-client.ts';
import { classifyTelegramError } from './telegram-errors.ts';
import { isBotTokenShape } from './token.ts';

/**
 * `getMe` with the token. A refused token (401, or 404 for a malformed one) is a
 * `ChannelCredentialsError` saying what to do; Telegram being unreachable or failing (5xx) is
 * a plain Error: the token may well be fine.
 */
export async function verifyBotToken(
  token: string | undefined,
  apiRoot: string,
  signal?: AbortSignal,
): Promise<ChannelAccount> {
  if (!token || !isBotTokenShape(token.trim())) {
    throw new ChannelCredentialsError(
      'That is not a Telegram bot token. Copy the token BotFather gave you (it looks like 123456789:AAE…) and paste it again.',
    );
  }
  const client = createTelegramApi(token.trim(), apiRoot);
  try {
    const bot = await client.api.getMe(grammySignal(signal));
    return { id: String(bot.id), name: `@${bot.username}` };
  } catch (error) {
    const failure = classifyTelegramError(error, token);
    if (failure.kind === 'unauthorized') {
      throw new ChannelCredentialsError(
        'Telegram does not accept this bot token (it is wrong, or it was revoked). Copy the token again from BotFather (/mybots → API Token) and paste it.',
      );
    }
    throw new Error(
      `Telegram could not be reached to check the bot token (${failure.description}). Try again in a moment.`,
    );
  } finally {
    client.dispose();
  }
}
