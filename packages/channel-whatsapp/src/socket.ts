import type { ChannelLog } from '@lifeosai/channel-spec';

/**
 * Our own narrow view of a Baileys socket: the three events and the calls the driver makes.
 * The real one (`baileys-socket.ts`) wraps `makeWASocket`; tests inject the fake from
 * `@lifeosai/testkit/fake-whatsapp`. Baileys' own types stay behind this seam, so its format
 * change in 8 touches one file.
 */

/** A message key as WhatsApp addresses it (Baileys 7 adds the `…Alt` phone-number JIDs for LIDs). */
export interface WhatsAppMessageKey {
  remoteJid?: string | null;
  fromMe?: boolean | null;
  id?: string | null;
  /** In a group: the author (a PN JID or a `…@lid`). */
  participant?: string | null;
  /** The phone-number JID when `remoteJid` is a LID (Baileys 7). */
  remoteJidAlt?: string | null;
  /** The phone-number JID when `participant` is a LID (Baileys 7). */
  participantAlt?: string | null;
}

/** Who a message mentions and what it quotes. */
export interface WhatsAppContextInfo {
  mentionedJid?: string[] | null;
  /** The author of the quoted message. */
  participant?: string | null;
  /** The quoted message's id. */
  stanzaId?: string | null;
}

/** The media fields the driver reads (image, audio, document, video messages). */
export interface WhatsAppMediaContent {
  caption?: string | null;
  mimetype?: string | null;
  fileName?: string | null;
  /** Bytes; Baileys gives a number or a protobuf Long. */
  fileLength?: number | { toNumber(): number } | null;
  ptt?: boolean | null;
  mediaKey?: Uint8Array | null;
  directPath?: string | null;
  url?: string | null;
  contextInfo?: WhatsAppContextInfo | null;
}

/** The part of a WhatsApp message's content the driver understands (a protobuf `IMessage` subset). */
export interface WhatsAppMessageContent {
  conversation?: string | null;
  extendedTextMessage?: { text?: string | null; contextInfo?: WhatsAppContextInfo | null } | null;
  imageMessage?: WhatsAppMediaContent | null;
  audioMessage?: WhatsAppMediaContent | null;
  documentMessage?: WhatsAppMediaContent | null;
  videoMessage?: WhatsAppMediaContent | null;
  /** Edits, deletions, history-sync notices: never a message for the agent. */
  protocolMessage?: unknown;
  /** Wrappers around the real content (disappearing, view-once, captioned documents). */
  ephemeralMessage?: { message?: WhatsAppMessageContent | null } | null;
  viewOnceMessage?: { message?: WhatsAppMessageContent | null } | null;
  viewOnceMessageV2?: { message?: WhatsAppMessageContent | null } | null;
  documentWithCaptionMessage?: { message?: WhatsAppMessageContent | null } | null;
}

/** One message of `messages.upsert` (a `WAMessage` subset). */
export interface WhatsAppMessage {
  key: WhatsAppMessageKey;
  message?: WhatsAppMessageContent | null;
  /** Seconds since the epoch; a number or a protobuf Long. */
  messageTimestamp?: number | { toNumber(): number } | null;
  pushName?: string | null;
}

/** `connection.update`, with the close reason already reduced to its status code. */
export interface WhatsAppConnectionUpdate {
  connection?: 'connecting' | 'open' | 'close';
  /** A new QR code to show (each replaces the previous one). */
  qr?: string;
  /** Why the socket closed: Baileys' `DisconnectReason` code (515, 401, 440, 408, 428, …). */
  lastDisconnect?: { statusCode?: number; message?: string };
}

/** The socket's events. Listeners must not throw; they are called in the socket's order. */
export interface WhatsAppSocketEvents {
  'connection.update': WhatsAppConnectionUpdate;
  /** Part of the credentials changed: merge it into the auth state's creds and persist them. */
  'creds.update': Record<string, unknown>;
  /** `notify`: just received; `append`: history, never answered. */
  'messages.upsert': { messages: WhatsAppMessage[]; type: 'notify' | 'append' };
}

/** What `sendMessage` sends: text (or an edit of one of ours), or one media item. */
export type WhatsAppOutboundContent =
  | { text: string; edit?: WhatsAppMessageKey }
  | { image: Uint8Array; mimetype: string; caption?: string }
  | { audio: Uint8Array; mimetype: string; ptt: boolean }
  | { document: Uint8Array; mimetype: string; fileName: string; caption?: string };

/** Where an inbound file is, enough to download it later (also after a restart). */
export interface WhatsAppMediaDescriptor {
  /** The message's key id. */
  messageId: string;
  kind: 'image' | 'audio' | 'document' | 'video';
  /** Base64 of the media's decryption key. */
  mediaKey?: string;
  directPath?: string;
  /** Bytes, when the message said. */
  size?: number;
  url?: string;
}

/**
 * A connected (or connecting) socket. Methods reject with an `Error` carrying `statusCode`
 * (Baileys' code: 428 closed, 408 timed out, 400/406 bad request, …) when the network says why.
 */
export interface WhatsAppSocket {
  on<E extends keyof WhatsAppSocketEvents>(
    event: E,
    listener: (payload: WhatsAppSocketEvents[E]) => void,
  ): void;
  /**
   * Sends with our own `messageId` (an edit takes none: it travels as its own protocol
   * message), quoting `quoted` when given; resolves with the id WhatsApp knows it by.
   */
  sendMessage(
    jid: string,
    content: WhatsAppOutboundContent,
    options: { messageId?: string; quoted?: WhatsAppMessage },
  ): Promise<{ id: string }>;
  /** `composing` shows "typing…" in the chat. */
  sendPresenceUpdate(type: 'composing' | 'paused' | 'available' | 'unavailable', jid?: string): Promise<void>;
  /** Read receipts (blue ticks): our acknowledgement, sent once the messages are journaled. */
  readMessages(keys: WhatsAppMessageKey[]): Promise<void>;
  /** Asks WhatsApp for a pairing code for this number (digits with country code). */
  requestPairingCode(phoneDigits: string): Promise<string>;
  /** Unlinks this device from the phone; the socket then closes with 401. */
  logout(): Promise<void>;
  /** Closes the socket; a `connection.update` close follows. */
  end(): void;
  /** The file's bytes; rejects past `maxBytes` without reading the rest. */
  downloadMedia(media: WhatsAppMediaDescriptor, maxBytes: number): Promise<Uint8Array>;
  /** The phone-number JID of a LID, when the socket's lid-mapping knows it. */
  phoneJidForLid(lidJid: string): Promise<string | null>;
}

/** Creates one socket; the driver makes a new one for each (re)connection. */
export type WhatsAppSocketFactory = (options: WhatsAppSocketOptions) => WhatsAppSocket;

/** What the driver passes to a socket factory. */
export interface WhatsAppSocketOptions {
  /** Baileys' `AuthenticationState` (`{creds, keys}`), opaque outside the real factory. */
  auth: unknown;
  /** Override of WhatsApp Web's WebSocket address (tests: a local server). */
  waWebSocketUrl?: string;
  log: ChannelLog;
}
