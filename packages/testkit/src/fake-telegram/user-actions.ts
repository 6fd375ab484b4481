import { randomBytes } from 'node:crypto';
import type { FakeBot } from './fake-bot.ts';
import type { TgChat, TgEntity, TgMessage, TgUpdate, TgUser } from './telegram-types.ts';

/** Who writes (default Ada, user 1001). */
export interface FakeUserInput {
  id?: number;
  firstName?: string;
  lastName?: string;
  username?: string;
}

/** A message a person sends to the bot (`FakeTelegram.userSends`). */
export interface UserMessageInput {
  /** A private chat with the sender (default), or a group (default id -1001234567890). */
  chat?: { type?: 'private' | 'group' | 'supergroup'; id?: number; title?: string };
  from?: FakeUserInput;
  /** The text; `/cmd` at the start and `@name` mentions become entities, as Telegram makes them. */
  text?: string;
  /** Puts `@<bot username> ` in front of the text (a group mention). */
  mention?: boolean;
  /** Replies to this message id of the chat (one of the bot's to count as a mention). */
  replyTo?: number;
  /** A photo (the caption is `text`); Telegram sends three sizes, the largest last. */
  photo?: { bytes: Uint8Array };
  voice?: { bytes: Uint8Array; duration?: number; mimeType?: string };
  document?: { bytes: Uint8Array; fileName: string; mimeType: string };
  audio?: { bytes: Uint8Array; fileName?: string; mimeType?: string };
}

function toUser(input: FakeUserInput = {}): TgUser {
  return {
    id: input.id ?? 1001,
    is_bot: false,
    first_name: input.firstName ?? 'Ada',
    ...(input.lastName ? { last_name: input.lastName } : {}),
    ...(input.username !== undefined ? { username: input.username } : { username: 'ada' }),
  };
}

function toChat(input: UserMessageInput['chat'], from: TgUser): TgChat {
  const type = input?.type ?? 'private';
  if (type === 'private')
    return { id: input?.id ?? from.id, type, first_name: from.first_name, username: from.username };
  return { id: input?.id ?? -1001234567890, type, title: input?.title ?? 'Test group' };
}

/** Entities Telegram would attach: a leading bot command and `@username` mentions. */
export function entitiesOf(text: string): TgEntity[] {
  const entities: TgEntity[] = [];
  const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const mention of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{3,32}/g)) {
    if (mention.index === 0 && command) continue;
    entities.push({ type: 'mention', offset: mention.index, length: mention[0].length });
  }
  return entities;
}

/** Queues the update for a person's message; returns it (its `message.message_id` for replies). */
export function userSends(bot: FakeBot, input: UserMessageInput): TgUpdate {
  const from = toUser(input.from);
  const chat = bot.chat(toChat(input.chat, from)).chat;
  const text = `${input.mention ? `@${bot.user.username} ` : ''}${input.text ?? ''}`;
  const hasMedia = Boolean(input.photo || input.voice || input.document || input.audio);
  const replied =
    input.replyTo === undefined ? undefined : bot.chats.get(chat.id)?.messages.get(input.replyTo);
  const fields: Partial<TgMessage> = {};
  if (text !== '') {
    const entities = entitiesOf(text);
    if (hasMedia)
      Object.assign(fields, { caption: text, ...(entities.length ? { caption_entities: entities } : {}) });
    else Object.assign(fields, { text, ...(entities.length ? { entities } : {}) });
  }
  if (input.photo) {
    const stored = bot.storeFile(
      { bytes: Buffer.from(input.photo.bytes), fileName: 'photo.jpg', mimeType: 'image/jpeg' },
      'photos',
    );
    const size = stored.bytes.length;
    fields.photo = [
      {
        file_id: `thumb-${randomBytes(6).toString('hex')}`,
        file_unique_id: 'thumb',
        width: 90,
        height: 67,
        file_size: Math.ceil(size / 20),
      },
      {
        file_id: `medium-${randomBytes(6).toString('hex')}`,
        file_unique_id: 'medium',
        width: 320,
        height: 240,
        file_size: Math.ceil(size / 4),
      },
      {
        file_id: stored.fileId,
        file_unique_id: stored.fileUniqueId,
        width: 1280,
        height: 960,
        file_size: size,
      },
    ];
  }
  if (input.voice) {
    const mimeType = input.voice.mimeType ?? 'audio/ogg';
    const stored = bot.storeFile(
      { bytes: Buffer.from(input.voice.bytes), fileName: 'voice.ogg', mimeType },
      'voice',
    );
    fields.voice = {
      file_id: stored.fileId,
      file_unique_id: stored.fileUniqueId,
      file_size: stored.bytes.length,
      duration: input.voice.duration ?? 2,
      mime_type: mimeType,
    };
  }
  for (const kind of ['document', 'audio'] as const) {
    const file = input[kind];
    if (!file) continue;
    const fileName = file.fileName ?? `${kind}.bin`;
    const mimeType = file.mimeType ?? 'application/octet-stream';
    const stored = bot.storeFile({ bytes: Buffer.from(file.bytes), fileName, mimeType }, `${kind}s`);
    fields[kind] = {
      file_id: stored.fileId,
      file_unique_id: stored.fileUniqueId,
      file_size: stored.bytes.length,
      file_name: fileName,
      mime_type: mimeType,
    };
  }
  const message = bot.addMessage(chat.id, {
    from,
    ...fields,
    ...(replied ? { reply_to_message: replied } : {}),
  });
  return bot.enqueue({ message });
}

/** A person presses an inline button under one of the bot's messages. */
export function pressButton(
  bot: FakeBot,
  input: { chatId: number; messageId: number; data: string; from?: FakeUserInput },
): TgUpdate {
  const message = bot.chats.get(input.chatId)?.messages.get(input.messageId);
  if (!message) throw new Error(`the fake bot has no message ${input.messageId} in chat ${input.chatId}`);
  const id = randomBytes(8).readBigUInt64BE().toString();
  bot.callbackQueries.add(id);
  return bot.enqueue({
    callback_query: {
      id,
      from: toUser(input.from),
      message,
      chat_instance: String(input.chatId),
      data: input.data,
    },
  });
}

/** A person edits one of their messages (an `edited_message` update). */
export function userEdits(
  bot: FakeBot,
  input: { chatId: number; messageId: number; text: string },
): TgUpdate {
  const state = bot.chats.get(input.chatId);
  const message = state?.messages.get(input.messageId);
  if (!state || !message)
    throw new Error(`the fake bot has no message ${input.messageId} in chat ${input.chatId}`);
  const edited = { ...message, text: input.text, edit_date: Math.floor(Date.now() / 1000) };
  state.messages.set(message.message_id, edited);
  return bot.enqueue({ edited_message: edited });
}

/** Someone joins a group: a service message without text (a driver must skip it). */
export function userJoins(
  bot: FakeBot,
  input: { chatId?: number; title?: string; from?: FakeUserInput },
): TgUpdate {
  const from = toUser(input.from);
  const chat = bot.chat({
    id: input.chatId ?? -1001234567890,
    type: 'supergroup',
    title: input.title ?? 'Test group',
  }).chat;
  return bot.enqueue({ message: bot.addMessage(chat.id, { from, new_chat_members: [from] }) });
}
