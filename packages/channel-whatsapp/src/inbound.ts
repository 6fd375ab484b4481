import type { InboundMedia, InboundMessage } from '@lifeosai/channel-spec';
import { parseCommand } from './commands.ts';
import { decodeJid, e164FromJid, isBroadcastJid, isGroupJid, isLidJid, normalizeJid } from './jid.ts';
import { encodeMediaRef } from './media-ref.ts';
import type {
  WhatsAppContextInfo,
  WhatsAppMediaContent,
  WhatsAppMessage,
  WhatsAppMessageContent,
} from './socket.ts';

/** What mapping a message needs to know besides the message. */
export interface InboundLookup {
  /** Our own JIDs (the linked number, and its LID once WhatsApp told us). */
  me: { id: string; lid?: string } | undefined;
  /** The phone-number JID of a LID, when known (the socket's lid-mapping). */
  phoneJidForLid(lidJid: string): Promise<string | null>;
}

/**
 * Turns one `messages.upsert` message into the platform's shape, or undefined for what is not
 * a message to the agent: our own, status broadcasts, protocol messages (edits, deletions,
 * history notices), reactions and stickers (no text, no file).
 */
export async function toInboundMessage(
  message: WhatsAppMessage,
  lookup: InboundLookup,
): Promise<InboundMessage | undefined> {
  const { key } = message;
  const remoteJid = key.remoteJid ?? undefined;
  if (!remoteJid || !key.id || key.fromMe || isBroadcastJid(remoteJid)) return undefined;
  const content = unwrap(message.message);
  if (!content || content.protocolMessage) return undefined;

  const group = isGroupJid(remoteJid);
  const authorJid = group ? key.participant : remoteJid;
  const authorAlt = group ? key.participantAlt : key.remoteJidAlt;
  const phoneJid = await phoneJidOf(authorJid, authorAlt, lookup);
  if (!authorJid) return undefined;

  const { text, contextInfo, media } = readContent(content, key.id);
  if (!text && !media) return undefined;

  const senderId = e164FromJid(phoneJid) ?? `${decodeJid(authorJid)?.user ?? 'unknown'}@lid`;
  const chatId = group ? remoteJid : (normalizeJid(phoneJid) ?? normalizeJid(remoteJid)!);
  const name = message.pushName?.trim() || undefined;
  const command = parseCommand(text);
  const inbound: InboundMessage = {
    networkMessageId: `${remoteJid}:${key.id}`,
    chat: group
      ? { id: chatId, kind: 'group' }
      : { id: chatId, kind: 'private', ...(name ? { title: name } : {}) },
    sender: name ? { id: senderId, name } : { id: senderId },
    text,
    mentioned: group ? mentionsUs(contextInfo, lookup.me) : true,
    sentAt: sentAt(message.messageTimestamp),
  };
  if (command) inbound.command = command;
  if (media) inbound.media = [media];
  if (contextInfo?.stanzaId) inbound.replyTo = `${remoteJid}:${contextInfo.stanzaId}`;
  return inbound;
}

/** A phone-number JID for an author: itself, Baileys' alternate JID, or the lid-mapping. */
async function phoneJidOf(
  jid: string | null | undefined,
  alt: string | null | undefined,
  lookup: InboundLookup,
) {
  if (!jid) return undefined;
  if (!isLidJid(jid)) return jid;
  if (alt && !isLidJid(alt)) return alt;
  return (await lookup.phoneJidForLid(normalizeJid(jid)!).catch(() => null)) ?? undefined;
}

/** Disappearing, view-once and captioned-document wrappers hold the real content. */
function unwrap(content: WhatsAppMessageContent | null | undefined): WhatsAppMessageContent | undefined {
  let current = content ?? undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const inner =
      current.ephemeralMessage?.message ??
      current.viewOnceMessage?.message ??
      current.viewOnceMessageV2?.message ??
      current.documentWithCaptionMessage?.message;
    if (!inner) return current;
    current = inner;
  }
  return current;
}

function readContent(content: WhatsAppMessageContent, messageId: string) {
  const mediaEntry = (
    [
      ['image', content.imageMessage],
      ['audio', content.audioMessage],
      ['document', content.documentMessage],
      ['video', content.videoMessage],
    ] as const
  ).find(([, value]) => value);
  if (mediaEntry) {
    const [kind, value] = mediaEntry as [MediaKind, WhatsAppMediaContent];
    return {
      text: value.caption ?? '',
      contextInfo: value.contextInfo,
      media: toMedia(kind, value, messageId),
    };
  }
  if (content.extendedTextMessage) {
    return {
      text: content.extendedTextMessage.text ?? '',
      contextInfo: content.extendedTextMessage.contextInfo,
    };
  }
  return { text: content.conversation ?? '', contextInfo: undefined };
}

type MediaKind = 'image' | 'audio' | 'document' | 'video';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
};

function toMedia(kind: MediaKind, value: WhatsAppMediaContent, messageId: string): InboundMedia {
  const mimeType = value.mimetype?.split(';')[0]?.trim() || 'application/octet-stream';
  // A voice note is an audio message recorded in the chat (push-to-talk); other audio is a file.
  const platformKind = kind === 'image' ? 'image' : kind === 'audio' && value.ptt ? 'voice' : 'document';
  const safeId = messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40) || 'file';
  const fileName = value.fileName?.trim() || `${platformKind}-${safeId}.${EXTENSIONS[mimeType] ?? 'bin'}`;
  const size = toNumber(value.fileLength);
  const ref = encodeMediaRef({
    messageId,
    kind,
    ...(value.mediaKey ? { mediaKey: Buffer.from(value.mediaKey).toString('base64') } : {}),
    ...(value.directPath ? { directPath: value.directPath } : {}),
    ...(value.url ? { url: value.url } : {}),
    ...(size !== undefined && Number.isFinite(size) ? { size } : {}),
  });
  const media: InboundMedia = { kind: platformKind, fileName, mimeType, ref };
  if (size !== undefined && Number.isFinite(size)) media.size = size;
  return media;
}

/** In a group: our number or LID is mentioned, or the message quotes one of ours. */
function mentionsUs(context: WhatsAppContextInfo | null | undefined, me: InboundLookup['me']): boolean {
  if (!context || !me) return false;
  const ours = new Set([normalizeJid(me.id), normalizeJid(me.lid)].filter(Boolean));
  if ((context.mentionedJid ?? []).some((jid) => ours.has(normalizeJid(jid)))) return true;
  return Boolean(context.stanzaId && ours.has(normalizeJid(context.participant)));
}

function sentAt(timestamp: WhatsAppMessage['messageTimestamp']): string {
  const seconds = toNumber(timestamp) ?? Number.NaN;
  return new Date(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.now()).toISOString();
}

/** Protobuf numbers arrive as numbers or as `Long`s. */
function toNumber(value: number | { toNumber(): number } | null | undefined): number | undefined {
  if (value == null) return undefined;
  return typeof value === 'number' ? value : value.toNumber();
}
