import type { WhatsAppMessage, WhatsAppMessageContent } from '@lifeosai/channel-whatsapp';

/** What `fakeWhatsAppMessage` builds; everything but `from` has a default. */
export interface FakeMessageOptions {
  /** The sender's number (`+33612345678`). */
  from: string;
  /** The message's key id (unique by default). */
  id?: string;
  text?: string;
  /** Sent in this group (`…@g.us`) instead of a private chat. */
  group?: string;
  /** JIDs the text mentions (ours to address the agent in a group). */
  mentions?: string[];
  /** Replies to this message (its id and author JID). */
  quoting?: { id: string; participant: string };
  /** The sender is addressed by this LID (digits); `phoneKnown: false` leaves out the phone JID. */
  lid?: string;
  phoneKnown?: boolean;
  /** An image (with `text` as its caption). */
  image?: { mimetype?: string; size?: number };
  /** A voice note (push-to-talk audio). */
  voice?: { mimetype?: string; size?: number };
  /** A document (with `text` as its caption). */
  document?: { fileName: string; mimetype: string; size?: number };
  /** The sender's push name. */
  name?: string;
  fromMe?: boolean;
  /** Seconds since the epoch. */
  timestamp?: number;
}

let counter = 0;

/** A `messages.upsert` message as Baileys 7 delivers it. */
export function fakeWhatsAppMessage(options: FakeMessageOptions): WhatsAppMessage {
  const digits = options.from.replace(/\D/g, '');
  const phoneJid = `${digits}@s.whatsapp.net`;
  const lidJid = options.lid ? `${options.lid}@lid` : undefined;
  const authorJid = lidJid ?? phoneJid;
  const alt = lidJid && options.phoneKnown !== false ? phoneJid : undefined;
  const key = options.group
    ? { remoteJid: options.group, participant: authorJid, ...(alt ? { participantAlt: alt } : {}) }
    : { remoteJid: authorJid, ...(alt ? { remoteJidAlt: alt } : {}) };
  const contextInfo =
    options.mentions || options.quoting
      ? {
          ...(options.mentions ? { mentionedJid: options.mentions } : {}),
          ...(options.quoting
            ? { stanzaId: options.quoting.id, participant: options.quoting.participant }
            : {}),
        }
      : undefined;
  return {
    key: { ...key, id: options.id ?? `FAKEMSG${++counter}`, fromMe: options.fromMe ?? false },
    message: content(options, contextInfo),
    messageTimestamp: options.timestamp ?? 1_767_225_600,
    pushName: options.name ?? 'Ada',
  };
}

function content(options: FakeMessageOptions, contextInfo: object | undefined): WhatsAppMessageContent {
  const caption = options.text ? { caption: options.text } : {};
  const context = contextInfo ? { contextInfo } : {};
  const media = {
    mediaKey: new Uint8Array(32).fill(7),
    directPath: '/fake/path',
    url: 'https://mmg.invalid/fake',
  };
  if (options.image) {
    const { mimetype = 'image/jpeg', size } = options.image;
    return {
      imageMessage: { ...media, mimetype, ...(size ? { fileLength: size } : {}), ...caption, ...context },
    };
  }
  if (options.voice) {
    const { mimetype = 'audio/ogg; codecs=opus', size } = options.voice;
    return {
      audioMessage: { ...media, mimetype, ptt: true, ...(size ? { fileLength: size } : {}), ...context },
    };
  }
  if (options.document) {
    const { size, ...document } = options.document;
    return {
      documentMessage: {
        ...media,
        ...document,
        ...(size ? { fileLength: size } : {}),
        ...caption,
        ...context,
      },
    };
  }
  if (contextInfo) return { extendedTextMessage: { text: options.text ?? '', contextInfo } };
  return { conversation: options.text ?? '' };
}
