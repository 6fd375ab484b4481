import { createHash } from 'node:crypto';
import {
  ChannelSendError,
  type OutboundMedia,
  type OutboundMessage,
  type SentMessage,
} from '@lifeosai/channel-spec';
import { isSendableJid } from './jid.ts';
import type { WhatsAppMessage, WhatsAppOutboundContent, WhatsAppSocket } from './socket.ts';

/** WhatsApp's caption limit: a longer text goes as its own message before the files. */
const CAPTION_LIMIT = 1024;

/**
 * A WhatsApp message id derived from the outbox's idempotency key, in the shape Baileys gives
 * its own (`3EB0` + 18 upper-case hex digits): a resend after a crash carries the same id,
 * so the recipient's phone shows the message once.
 */
export function messageIdFor(idempotencyKey: string, part = 0): string {
  const hash = createHash('sha256').update(`${idempotencyKey}\u0000${part}`).digest('hex');
  return `3EB0${hash.slice(0, 18).toUpperCase()}`;
}

/** One WhatsApp message to send for an outbound message: its content and its own id. */
export interface PlannedSend {
  content: WhatsAppOutboundContent;
  messageId: string;
}

/**
 * The WhatsApp messages one outbox entry becomes: the text (as the first file's caption when
 * it fits and the file takes one), then each file. Throws `ChannelSendError` (not retryable)
 * for what can never go: a bad chat id, a file over the limit.
 */
export function planSends(message: OutboundMessage, maxMediaBytes: number): PlannedSend[] {
  if (!isSendableJid(message.chatId)) {
    throw new ChannelSendError(`"${message.chatId.slice(0, 60)}" is not a WhatsApp chat id.`, false);
  }
  const media = message.media ?? [];
  for (const item of media) {
    if (item.data.byteLength > maxMediaBytes) {
      throw new ChannelSendError(
        `The file ${item.fileName} is ${Math.ceil(item.data.byteLength / 1048576)} MB; WhatsApp takes files up to ${maxMediaBytes / 1048576} MB.`,
        false,
      );
    }
  }
  const first = media[0];
  const captionFits = first !== undefined && first.kind !== 'voice' && message.text.length <= CAPTION_LIMIT;
  const contents: WhatsAppOutboundContent[] = [];
  if (message.text && !captionFits) contents.push({ text: message.text });
  media.forEach((item, index) => {
    contents.push(mediaContent(item, index === 0 && captionFits && message.text ? message.text : undefined));
  });
  if (contents.length === 0) throw new ChannelSendError('The message has neither text nor a file.', false);
  return contents.map((content, part) => ({
    content,
    messageId: messageIdFor(message.idempotencyKey, part),
  }));
}

function mediaContent(item: OutboundMedia, caption: string | undefined): WhatsAppOutboundContent {
  const withCaption = caption ? { caption } : {};
  switch (item.kind) {
    case 'image':
      return { image: item.data, mimetype: item.mimeType, ...withCaption };
    case 'voice': {
      // Phones play a voice note only in Ogg/Opus; other audio goes as an audio file.
      const opus = /^audio\/ogg/i.test(item.mimeType);
      return { audio: item.data, mimetype: opus ? 'audio/ogg; codecs=opus' : item.mimeType, ptt: opus };
    }
    case 'document':
      return { document: item.data, mimetype: item.mimeType, fileName: item.fileName, ...withCaption };
  }
}

/** Codes that say trying again later may work: closed, timed out, WhatsApp unavailable. */
const RETRYABLE = new Set([408, 428, 429, 500, 502, 503, 504, 515]);

/** A socket failure as the outbox understands it. */
export function toSendError(error: unknown): ChannelSendError {
  if (error instanceof ChannelSendError) return error;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  const code = typeof statusCode === 'number' ? statusCode : undefined;
  if (code === undefined || RETRYABLE.has(code)) {
    return new ChannelSendError(
      `WhatsApp did not take the message${code ? ` (code ${code})` : ''}; it will be tried again.`,
      true,
    );
  }
  if (code === 401) return new ChannelSendError('WhatsApp logged this number out: link it again.', false);
  return new ChannelSendError(
    `WhatsApp refused the message (code ${code}): the chat may not exist or this number may not be in it.`,
    false,
  );
}

/** Sends one outbox entry (the messages `planSends` made), in order; ids as `<chat>:<id>`. */
export async function sendOutbound(
  socket: WhatsAppSocket,
  message: OutboundMessage,
  options: { maxMediaBytes: number; quoted: WhatsAppMessage | undefined },
): Promise<SentMessage> {
  const ids: string[] = [];
  for (const { content, messageId } of planSends(message, options.maxMediaBytes)) {
    try {
      const quoted = options.quoted ? { quoted: options.quoted } : {};
      const sent = await socket.sendMessage(message.chatId, content, { messageId, ...quoted });
      ids.push(`${message.chatId}:${sent.id}`);
    } catch (error) {
      throw toSendError(error);
    }
  }
  return { networkMessageIds: ids };
}

/** "typing…": presence `composing` in the chat. */
export async function showTyping(socket: WhatsAppSocket, chatId: string): Promise<void> {
  if (!isSendableJid(chatId)) throw new ChannelSendError('Not a WhatsApp chat id.', false);
  await socket.sendPresenceUpdate('composing', chatId).catch((error: unknown) => {
    throw toSendError(error);
  });
}

/** Replaces the text of one of our messages (`networkMessageId` as `send` returned it). */
export async function editOurMessage(
  socket: WhatsAppSocket,
  chatId: string,
  networkMessageId: string,
  text: string,
) {
  if (!isSendableJid(chatId)) throw new ChannelSendError('Not a WhatsApp chat id.', false);
  const id = networkMessageId.slice(networkMessageId.lastIndexOf(':') + 1);
  try {
    await socket.sendMessage(chatId, { text, edit: { remoteJid: chatId, fromMe: true, id } }, {});
  } catch (error) {
    throw toSendError(error);
  }
}
