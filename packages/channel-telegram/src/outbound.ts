import {
  ChannelSendError,
  type OutboundMedia,
  type OutboundMessage,
  type SentMessage,
} from '@lifeosai/channel-spec';
import { InputFile } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import type { TelegramApi } from './api-client.ts';
import { htmlToPlainText } from './format/plain-text.ts';
import { classifyTelegramError } from './telegram-errors.ts';

/** Telegram's caption limit: a longer text goes as its own message. */
const CAPTION_LIMIT = 1024;

/** `<chat id>:<message id>` (what `send` returns and inbound ids use) or a bare message id → the message id. */
export function messageIdOf(networkMessageId: string): number | undefined {
  // A button press (`cb:<query id>`) is not a message one can reply to or edit.
  if (networkMessageId.startsWith('cb:')) return undefined;
  const id = Number(networkMessageId.slice(networkMessageId.lastIndexOf(':') + 1));
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Sends one part (HTML), its media and buttons; a part Telegram cannot parse goes again as plain text, once. */
export async function sendMessage(
  client: TelegramApi,
  token: string,
  message: OutboundMessage,
): Promise<SentMessage> {
  const replyTo = message.replyTo ? messageIdOf(message.replyTo) : undefined;
  const common = {
    ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
  };
  const keyboard: InlineKeyboardMarkup | undefined = message.buttons?.length
    ? {
        inline_keyboard: message.buttons.map((row) =>
          row.map((button) => ({ text: button.text, callback_data: button.data })),
        ),
      }
    : undefined;
  const media = message.media ?? [];
  if (message.text.trim() === '' && media.length === 0) {
    throw new ChannelSendError('The message is empty: there is nothing to send to Telegram.', false);
  }
  const captioned =
    media.length > 0 && message.text !== '' && htmlToPlainText(message.text).length <= CAPTION_LIMIT;
  const sent: Message[] = [];
  try {
    if (message.text !== '' && !captioned) {
      sent.push(
        await withPlainFallback(message.text, (text, parseMode) =>
          client.api.sendMessage(message.chatId, text, {
            ...common,
            ...(parseMode ? { parse_mode: parseMode } : {}),
            ...(keyboard && media.length === 0 ? { reply_markup: keyboard } : {}),
          }),
        ),
      );
    }
    for (const [index, item] of media.entries()) {
      const caption = captioned && index === 0 ? message.text : undefined;
      const last = index === media.length - 1;
      sent.push(
        await withPlainFallback(caption ?? '', (text, parseMode) =>
          sendMedia(client, message.chatId, item, {
            ...(sent.length === 0 ? common : {}),
            ...(text ? { caption: text, ...(parseMode ? { parse_mode: parseMode } : {}) } : {}),
            ...(keyboard && last ? { reply_markup: keyboard } : {}),
          }),
        ),
      );
    }
  } catch (error) {
    throw toSendError(error, token);
  }
  return { networkMessageIds: sent.map((item) => `${item.chat.id}:${item.message_id}`) };
}

/** Replaces a message's text; "message is not modified" means it already says that: success. */
export async function editMessage(
  client: TelegramApi,
  token: string,
  chatId: string,
  networkMessageId: string,
  text: string,
): Promise<void> {
  const messageId = messageIdOf(networkMessageId);
  if (messageId === undefined)
    throw new ChannelSendError('That is not a Telegram message id; the message cannot be edited.', false);
  try {
    await withPlainFallback(text, (body, parseMode) =>
      client.api.editMessageText(chatId, messageId, body, parseMode ? { parse_mode: parseMode } : {}),
    );
  } catch (error) {
    const failure = classifyTelegramError(error, token);
    if (failure.kind === 'refused' && /message is not modified/i.test(failure.description)) return;
    throw toSendError(error, token);
  }
}

export async function sendTyping(client: TelegramApi, token: string, chatId: string): Promise<void> {
  try {
    await client.api.sendChatAction(chatId, 'typing');
  } catch (error) {
    throw toSendError(error, token);
  }
}

type ParseMode = 'HTML' | undefined;

/** Calls with HTML; on Telegram's "can't parse entities" calls once more with the tags stripped. */
async function withPlainFallback<T>(
  html: string,
  call: (text: string, parseMode: ParseMode) => Promise<T>,
): Promise<T> {
  try {
    return await call(html, html === '' ? undefined : 'HTML');
  } catch (error) {
    const failure = classifyTelegramError(error, undefined);
    if (html === '' || failure.kind !== 'refused' || !/can't parse entities/i.test(failure.description))
      throw error;
    return call(htmlToPlainText(html), undefined);
  }
}

function sendMedia(
  client: TelegramApi,
  chatId: string,
  item: OutboundMedia,
  extra: object,
): Promise<Message> {
  const file = new InputFile(Buffer.from(item.data), item.fileName);
  if (item.kind === 'image') return client.api.sendPhoto(chatId, file, extra);
  if (item.kind === 'voice') return client.api.sendVoice(chatId, file, extra);
  return client.api.sendDocument(chatId, file, extra);
}

/** A send failure in words, retryable when trying later may work; never the token. */
export function toSendError(error: unknown, token: string): ChannelSendError {
  if (error instanceof ChannelSendError) return error;
  const failure = classifyTelegramError(error, token);
  switch (failure.kind) {
    case 'rate_limited':
      return new ChannelSendError(
        `Telegram is limiting how fast the bot may send; try again in ${Math.ceil((failure.retryAfterMs ?? 1000) / 1000)} s.`,
        true,
        failure.retryAfterMs,
      );
    case 'unreachable':
    case 'aborted':
      return new ChannelSendError(
        `Telegram could not be reached (${failure.description}); the message will be sent again.`,
        true,
      );
    case 'conflict':
      return new ChannelSendError(
        `Telegram answered with a conflict (${failure.description}); the message will be sent again.`,
        true,
      );
    case 'unauthorized':
      return new ChannelSendError(
        'Telegram refused the bot token (revoked in BotFather?): connect the bot again with a new token.',
        false,
      );
    default:
      if (/blocked by the user/i.test(failure.description)) {
        return new ChannelSendError(
          'The person blocked the bot on Telegram: nothing can reach them until they unblock it.',
          false,
        );
      }
      if (/chat not found/i.test(failure.description)) {
        return new ChannelSendError(
          'Telegram does not know this chat (deleted, or the person never wrote to the bot).',
          false,
        );
      }
      if (/kicked|not a member|have no rights/i.test(failure.description)) {
        return new ChannelSendError(
          `The bot can no longer write in this chat (${failure.description}).`,
          false,
        );
      }
      return new ChannelSendError(
        `Telegram refused the message (${failure.code}: ${failure.description}).`,
        false,
      );
  }
}
