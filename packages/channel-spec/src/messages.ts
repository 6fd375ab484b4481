/** One chat on the network: a private conversation with one person, or a group. */
export interface ChatRef {
  /** The network's id of the chat (Telegram chat id, WhatsApp JID), as a string. */
  id: string;
  kind: 'private' | 'group';
  /** The group's title, or the person's name for a private chat; for display only. */
  title?: string;
}

/** Who sent a message. Untrusted: names are display text, never instructions. */
export interface SenderRef {
  /** The network's stable id of the sender (Telegram user id, E.164 number for WhatsApp). */
  id: string;
  /** A display name (first and last name, push name). */
  name?: string;
  /** The network's handle (`@ada` on Telegram), without the `@`. */
  username?: string;
}

/** A file attached to an inbound message, downloaded only when the platform asks. */
export interface InboundMedia {
  kind: 'image' | 'voice' | 'document';
  /** A safe file name (the network's, or one derived from the kind); the platform sanitises it again. */
  fileName: string;
  mimeType: string;
  /** Size in bytes when the network says it before download. */
  size?: number;
  /** An id the connection's `download` understands (Telegram `file_id`, a WhatsApp message key). */
  ref: string;
}

/**
 * A message from the network in one shape, whatever the network. The channel package turns
 * the network's update into this; the platform journals it before the update is acknowledged.
 */
export interface InboundMessage {
  /**
   * Unique per connection and stable across redeliveries (Telegram `<chat id>:<message id>`,
   * WhatsApp the message key id): the journal's key, so a redelivered update is recognised.
   */
  networkMessageId: string;
  /**
   * Where the network's acknowledgement stands once this message is journaled (Telegram the
   * `update_id`); the connection acknowledges after `onInbound` resolves. Opaque to the platform.
   */
  ackToken?: string;
  chat: ChatRef;
  sender: SenderRef;
  /** The text (or a media caption); empty for media without caption. */
  text: string;
  /** In a group: the bot was mentioned by name or the message replies to one of the bot's. */
  mentioned: boolean;
  /**
   * A command addressed to the bot (`/new`, `/stop`, `/status`, `/start`), lower case, without
   * the slash or a `@botname` suffix; `args` is the rest of the text.
   */
  command?: { name: string; args: string };
  media?: InboundMedia[];
  /** The network's timestamp of the message. */
  sentAt: string;
  /** The network message id this one replies to, when it does. */
  replyTo?: string;
  /** A button pressed under one of our messages (its `data`), instead of text. */
  buttonData?: string;
}

/** A file to send, read from the agent's workspace by the platform. */
export interface OutboundMedia {
  kind: 'image' | 'voice' | 'document';
  fileName: string;
  mimeType: string;
  data: Uint8Array;
}

/** A row of inline buttons; `data` comes back as `InboundMessage.buttonData` (≤ 64 bytes). */
export type ButtonRow = Array<{ text: string; data: string }>;

/**
 * One message to send. `text` is one part already in the network's markup, as
 * `ChannelDriver.format` made it (the platform stores each part as its own outbox entry, so a
 * restart never resends a part that went out); empty when only media is sent.
 */
export interface OutboundMessage {
  chatId: string;
  text: string;
  media?: OutboundMedia[];
  /** Only where `capabilities.buttons`. */
  buttons?: ButtonRow[];
  /** Reply to this network message id, where the network supports it. */
  replyTo?: string;
  /**
   * A key unique to this message in the platform's outbox. Networks that take a client id
   * (WhatsApp's message id) use it so a resend after a crash is recognised as the same message.
   */
  idempotencyKey: string;
}

/** What `send` did: the network's ids of the messages it became (a media group can be several). */
export interface SentMessage {
  networkMessageIds: string[];
}
