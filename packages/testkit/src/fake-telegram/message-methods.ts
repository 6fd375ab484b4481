import { type ApiAnswer, DESCRIPTIONS, failure, ok } from './api-answer.ts';
import type { FakeBot, SentRecord, StoredFile } from './fake-bot.ts';
import { checkTelegramHtml } from './html-entities.ts';
import { type CallParams, jsonParam } from './request-params.ts';
import type { TgMessage } from './telegram-types.ts';

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
/** Telegram's upload limit for bots (50 MB) and download limit (20 MB). */
const MAX_UPLOAD = 50 * 1024 * 1024;
const MAX_DOWNLOAD = 20 * 1024 * 1024;

type Checked = { ok: true; plain: string } | { ok: false; answer: ApiAnswer };

/** Parses the markup the way Telegram does before counting the text's length. */
function checkText(text: string, parseMode: unknown, limit: number): Checked {
  let plain = text;
  if (parseMode === 'HTML') {
    const check = checkTelegramHtml(text);
    if (!check.ok) return { ok: false, answer: failure(400, check.description) };
    plain = check.plain;
  }
  if (plain.length > limit) {
    return {
      ok: false,
      answer: failure(
        400,
        limit === MAX_TEXT ? DESCRIPTIONS.tooLong : 'Bad Request: message caption is too long',
      ),
    };
  }
  return { ok: true, plain };
}

/** The chat a call addresses, or Telegram's answer for a chat it cannot write to. */
function targetChat(bot: FakeBot, chatId: unknown): { id: number } | ApiAnswer {
  const state = bot.chats.get(Number(chatId));
  if (!state) return failure(400, DESCRIPTIONS.chatNotFound);
  if (state.blocked) return failure(403, DESCRIPTIONS.blocked);
  return { id: state.chat.id };
}

function replyToId(values: Record<string, unknown>): number | undefined {
  const parameters = jsonParam<{ message_id?: number }>(values.reply_parameters);
  const id = parameters?.message_id ?? values.reply_to_message_id;
  return id === undefined ? undefined : Number(id);
}

/** What a text call (send or edit) recorded: the text as sent and as Telegram shows it. */
function textRecord(
  method: string,
  message: TgMessage,
  text: string,
  plain: string,
  values: Record<string, unknown>,
): SentRecord {
  return {
    method,
    chatId: message.chat.id,
    messageId: message.message_id,
    text,
    plainText: plain,
    parseMode: values.parse_mode as string | undefined,
    replyMarkup: jsonParam(values.reply_markup),
  };
}

export function sendMessage(bot: FakeBot, { values }: CallParams): ApiAnswer {
  const chat = targetChat(bot, values.chat_id);
  if ('status' in chat) return chat;
  const text = typeof values.text === 'string' ? values.text : '';
  if (text.trim() === '') return failure(400, DESCRIPTIONS.empty);
  const checked = checkText(text, values.parse_mode, MAX_TEXT);
  if (!checked.ok) return checked.answer;
  const replyMarkup = jsonParam(values.reply_markup);
  const replyTo = replyToId(values);
  const message = bot.addMessage(chat.id, {
    from: bot.user,
    text: checked.plain,
    ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
  });
  bot.record({
    ...textRecord('sendMessage', message, text, checked.plain, values),
    replyToMessageId: replyTo,
  });
  return ok(message);
}

const MEDIA_FIELDS = { sendPhoto: 'photo', sendVoice: 'voice', sendDocument: 'document' } as const;

/** sendPhoto / sendVoice / sendDocument with an uploaded file or a known file_id. */
export function sendMedia(
  bot: FakeBot,
  method: keyof typeof MEDIA_FIELDS,
  { values, files }: CallParams,
): ApiAnswer {
  const chat = targetChat(bot, values.chat_id);
  if ('status' in chat) return chat;
  const field = MEDIA_FIELDS[method];
  const upload = files[field];
  const known = typeof values[field] === 'string' ? bot.files.get(values[field] as string) : undefined;
  if (!upload && !known) return failure(400, `Bad Request: there is no ${field} in the request`);
  if (upload && upload.bytes.length > MAX_UPLOAD) return failure(413, 'Request Entity Too Large');
  const caption = typeof values.caption === 'string' ? values.caption : undefined;
  const checked = caption ? checkText(caption, values.parse_mode, MAX_CAPTION) : undefined;
  if (checked && !checked.ok) return checked.answer;
  const stored: StoredFile = known ?? bot.storeFile(upload!, `${field}s`);
  const reference = {
    file_id: stored.fileId,
    file_unique_id: stored.fileUniqueId,
    file_size: stored.bytes.length,
  };
  const replyMarkup = jsonParam(values.reply_markup);
  const message = bot.addMessage(chat.id, {
    from: bot.user,
    ...(checked?.ok ? { caption: checked.plain } : {}),
    ...(field === 'photo'
      ? { photo: [{ ...reference, width: 800, height: 600 }] }
      : { [field]: { ...reference, file_name: stored.fileName, mime_type: stored.mimeType } }),
    ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
  });
  bot.record({
    method,
    chatId: chat.id,
    messageId: message.message_id,
    text: caption,
    plainText: checked?.ok ? checked.plain : undefined,
    parseMode: values.parse_mode as string | undefined,
    replyMarkup,
    replyToMessageId: replyToId(values),
    file: { bytes: stored.bytes, fileName: stored.fileName, mimeType: stored.mimeType },
  });
  return ok(message);
}

export function editMessageText(bot: FakeBot, { values }: CallParams): ApiAnswer {
  const chat = targetChat(bot, values.chat_id);
  if ('status' in chat) return chat;
  const message = bot.chats.get(chat.id)?.messages.get(Number(values.message_id));
  if (!message || message.from?.id !== bot.user.id) return failure(400, DESCRIPTIONS.editNotFound);
  const text = typeof values.text === 'string' ? values.text : '';
  if (text.trim() === '') return failure(400, DESCRIPTIONS.empty);
  const checked = checkText(text, values.parse_mode, MAX_TEXT);
  if (!checked.ok) return checked.answer;
  const replyMarkup = jsonParam(values.reply_markup);
  if (
    message.text === checked.plain &&
    JSON.stringify(message.reply_markup) === JSON.stringify(replyMarkup)
  ) {
    return failure(400, DESCRIPTIONS.notModified);
  }
  const edited: TgMessage = { ...message, text: checked.plain, reply_markup: replyMarkup };
  if (!replyMarkup) delete edited.reply_markup;
  bot.chats.get(chat.id)?.messages.set(message.message_id, edited);
  bot.record(textRecord('editMessageText', edited, text, checked.plain, values));
  return ok({ ...edited, edit_date: Math.floor(Date.now() / 1000) });
}

export function sendChatAction(bot: FakeBot, { values }: CallParams): ApiAnswer {
  const chat = targetChat(bot, values.chat_id);
  if ('status' in chat) return chat;
  bot.record({ method: 'sendChatAction', chatId: chat.id, action: String(values.action) });
  return ok(true);
}

export function answerCallbackQuery(bot: FakeBot, { values }: CallParams): ApiAnswer {
  const id = String(values.callback_query_id);
  if (!bot.callbackQueries.delete(id)) return failure(400, DESCRIPTIONS.queryTooOld);
  bot.record({ method: 'answerCallbackQuery', chatId: 0, text: id });
  return ok(true);
}

export function getFile(bot: FakeBot, { values }: CallParams): ApiAnswer {
  const file = bot.files.get(String(values.file_id));
  if (!file) return failure(400, DESCRIPTIONS.invalidFileId);
  if (file.bytes.length > MAX_DOWNLOAD) return failure(400, DESCRIPTIONS.fileTooBig);
  return ok({
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.bytes.length,
    file_path: file.filePath,
  });
}
