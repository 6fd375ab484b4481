import type { InboundMedia, InboundMessage } from '@lifeosai/channel-spec';
import type { Message, MessageEntity, Update, User } from 'grammy/types';

/** Who the bot is, for mentions and commands addressed to it. */
export interface BotIdentity {
  id: number;
  /** Without the `@`. */
  username: string;
}

/**
 * Turns one update into at most one message. Returns null for what the platform does not
 * handle: edited messages (the agent already answered the original; an edit is not a new
 * request), service messages (joins, pins), stickers and other media without text, channel
 * posts, inline queries. Never throws on a strange update.
 */
export function toInboundMessage(update: Update, bot: BotIdentity): InboundMessage | null {
  try {
    return convert(update, bot);
  } catch {
    return null;
  }
}

function convert(update: Update, bot: BotIdentity): InboundMessage | null {
  if (update.callback_query) return fromCallbackQuery(update, bot);
  const message = update.message;
  if (
    !message?.from ||
    (message.chat.type !== 'private' && message.chat.type !== 'group' && message.chat.type !== 'supergroup')
  ) {
    return null;
  }
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  const media = mediaOf(message);
  if (text === '' && media.length === 0) return null;
  const isPrivate = message.chat.type === 'private';
  const command = commandOf(text, entities, bot);
  return {
    networkMessageId: `${message.chat.id}:${message.message_id}`,
    ackToken: String(update.update_id),
    chat: {
      id: String(message.chat.id),
      kind: isPrivate ? 'private' : 'group',
      ...chatTitle(message),
    },
    sender: senderOf(message.from),
    text,
    mentioned: isPrivate || mentionsBot(message, text, entities, bot) || command?.addressed === true,
    ...(command?.ours ? { command: { name: command.name, args: command.args } } : {}),
    ...(media.length > 0 ? { media } : {}),
    sentAt: new Date(message.date * 1000).toISOString(),
    ...(message.reply_to_message
      ? { replyTo: `${message.chat.id}:${message.reply_to_message.message_id}` }
      : {}),
  };
}

function fromCallbackQuery(update: Update, bot: BotIdentity): InboundMessage | null {
  const query = update.callback_query!;
  const message = query.message;
  if (!message || query.data === undefined || message.chat.type === 'channel') return null;
  return {
    networkMessageId: `cb:${query.id}`,
    ackToken: String(update.update_id),
    chat: {
      id: String(message.chat.id),
      kind: message.chat.type === 'private' ? 'private' : 'group',
      ...('title' in message.chat && message.chat.title ? { title: message.chat.title } : {}),
    },
    sender: senderOf(query.from),
    text: '',
    // A press on a button of the bot's own message is addressed to the bot.
    mentioned: message.chat.type === 'private' || ('from' in message && message.from?.id === bot.id),
    sentAt: new Date().toISOString(),
    replyTo: `${message.chat.id}:${message.message_id}`,
    buttonData: query.data,
  };
}

function chatTitle(message: Message): { title?: string } {
  if (message.chat.type !== 'private') return message.chat.title ? { title: message.chat.title } : {};
  const name = [message.chat.first_name, message.chat.last_name].filter(Boolean).join(' ');
  return name ? { title: name } : {};
}

function senderOf(user: User): InboundMessage['sender'] {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return {
    id: String(user.id),
    ...(name ? { name } : {}),
    ...(user.username ? { username: user.username } : {}),
  };
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?=\s|$)/;

/** `/cmd` or `/cmd@bot` at the very start; a command addressed to another bot is not ours. */
function commandOf(text: string, entities: MessageEntity[], bot: BotIdentity) {
  const starts = entities.some((entity) => entity.type === 'bot_command' && entity.offset === 0);
  const match = starts || entities.length === 0 ? COMMAND.exec(text) : null;
  if (!match) return undefined;
  const target = match[2]?.toLowerCase();
  const ours = target === undefined || target === bot.username.toLowerCase();
  return {
    ours,
    addressed: ours && target !== undefined,
    name: match[1]!.toLowerCase(),
    args: text.slice(match[0].length).trim(),
  };
}

function mentionsBot(message: Message, text: string, entities: MessageEntity[], bot: BotIdentity): boolean {
  if (message.reply_to_message?.from?.id === bot.id) return true;
  const handle = `@${bot.username}`.toLowerCase();
  return entities.some(
    (entity) =>
      (entity.type === 'mention' &&
        text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === handle) ||
      (entity.type === 'text_mention' && entity.user.id === bot.id),
  );
}

/** A name safe as a file name: no path, no control characters, not empty, not too long. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '')
    .replace(/[/\\]/g, '_')
    .replace(/\p{Cc}/gu, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return cleaned === '' ? fallback : cleaned;
}

function mediaOf(message: Message): InboundMedia[] {
  const media: InboundMedia[] = [];
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo.reduce((best, size) =>
      size.width * size.height >= best.width * best.height ? size : best,
    );
    media.push({
      kind: 'image',
      fileName: `photo-${largest.file_unique_id}.jpg`,
      mimeType: 'image/jpeg',
      ...(largest.file_size ? { size: largest.file_size } : {}),
      ref: largest.file_id,
    });
  }
  if (message.voice) {
    media.push({
      kind: 'voice',
      fileName: `voice-${message.voice.file_unique_id}.ogg`,
      mimeType: message.voice.mime_type ?? 'audio/ogg',
      ...(message.voice.file_size ? { size: message.voice.file_size } : {}),
      ref: message.voice.file_id,
    });
  }
  for (const file of [message.document, message.audio]) {
    if (!file) continue;
    media.push({
      kind: 'document',
      fileName: safeFileName(file.file_name, `file-${file.file_unique_id}`),
      mimeType: file.mime_type ?? 'application/octet-stream',
      ...(file.file_size ? { size: file.file_size } : {}),
      ref: file.file_id,
    });
  }
  return media;
}
