import type { ChannelStateStore } from './auth-state.ts';
import type { ChannelCapabilities } from './capabilities.ts';
import type { InboundMessage, OutboundMessage, SentMessage } from './messages.ts';
import type { ChannelStatusUpdate } from './status.ts';

/** Lines a connection logs; never a token, a message text or a sender's number at info level. */
export interface ChannelLog {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** The credentials a connection was created with (Telegram's bot token); WhatsApp has none. */
export interface ChannelCredentials {
  botToken?: string;
}

/** Who the connected account is (the bot's username, the linked number). */
export interface ChannelAccount {
  id: string;
  /** `@lifeos_bot`, `+33 6 …`: shown to the owner. */
  name: string;
}

/** How updates arrive: polling/socket by the connection itself, or the platform's webhook route. */
export type ChannelTransport = { kind: 'poll' } | { kind: 'webhook'; url: string; secretToken: string };

/**
 * What the platform gives a connection it starts. One connection runs on one instance at a
 * time (the platform holds a lease); `signal` aborts when it must stop.
 */
export interface ChannelContext {
  connectionId: string;
  credentials: ChannelCredentials;
  /** Durable state (WhatsApp's auth state); absent for networks that need none. */
  state: ChannelStateStore;
  transport: ChannelTransport;
  /**
   * Hands received messages to the platform. Resolves once they are journaled durably; only
   * then does the connection acknowledge them to the network (Telegram's next offset). Rejects
   * when they could not be journaled: the connection must not acknowledge, and retries later.
   */
  onInbound(messages: InboundMessage[]): Promise<void>;
  /** Status changes, in order (the API's `status` and `lastError`, the login stream). */
  onStatus(update: ChannelStatusUpdate): void;
  log: ChannelLog;
  signal: AbortSignal;
}

/** A running connection to the network, started by `ChannelDriver.connect`. */
export interface ChannelConnection {
  /** Begins receiving (polling, socket). Resolves once started; failures go to `onStatus`. */
  start(): Promise<void>;
  /** Stops receiving and releases the network session (a held long poll is released). */
  stop(): Promise<void>;
  /**
   * Sends one message (a part `format` made, media, buttons) and resolves with the network's
   * ids. Rejects with `ChannelSendError` (`retryable` says whether trying later may work).
   */
  send(message: OutboundMessage): Promise<SentMessage>;
  /** Shows "typing…" in the chat for a few seconds (only where `capabilities.typing`). */
  typing?(chatId: string): Promise<void>;
  /** Replaces a sent message's text (only where `capabilities.edits`) with one formatted part. */
  edit?(chatId: string, networkMessageId: string, text: string): Promise<void>;
  /** Downloads an inbound file by its `InboundMedia.ref`, up to `maxBytes`. */
  download?(ref: string, maxBytes: number): Promise<Uint8Array>;
  /** Interactive login: asks for a pairing code for this phone number (digits, with country code). */
  requestPairingCode?(phoneNumber: string): Promise<string>;
  /**
   * Unlinks the account from the network where linking is interactive (WhatsApp: removes this
   * linked device from the phone), wipes the state and stops. For a deleted connection; when
   * it is absent, `stop` and the state's `clear` are all there is.
   */
  logout?(): Promise<void>;
}

/**
 * A network's channel package exports one object that satisfies this (`satisfies ChannelDriver`).
 * The platform registers drivers by `type` and never imports a network SDK itself.
 */
export interface ChannelDriver {
  readonly specificationVersion: 'v1';
  /** `telegram`, `whatsapp`: the API's `type`. */
  readonly type: string;
  readonly displayName: string;
  readonly capabilities: ChannelCapabilities;
  /**
   * Checks credentials before a connection is stored (Telegram `getMe`): resolves with the
   * account, or rejects with `ChannelCredentialsError` saying what is wrong in words. Networks
   * without credentials (WhatsApp logs in interactively) leave it out.
   */
  verifyCredentials?(credentials: ChannelCredentials, signal?: AbortSignal): Promise<ChannelAccount>;
  /**
   * Turns the agent's markdown into what the network renders, split into parts that each fit
   * `capabilities.textLimit` — on paragraph boundaries, then lines, then words; a code block
   * split across parts is closed and reopened. Pure: the platform calls it before the outbox.
   */
  format(markdown: string): string[];
  /** Starts a connection (not yet receiving: the platform calls `start`). */
  connect(context: ChannelContext): ChannelConnection;
  /**
   * Webhook transport only (`capabilities.webhook`): checks a delivery's secret and turns its
   * body into messages. Stateless, so any instance receiving the webhook can journal it.
   * Returns null when the secret does not match (the route answers 401 and reads nothing more).
   */
  parseWebhook?(
    delivery: { headers: Record<string, string | string[] | undefined>; body: unknown },
    expected: { secretToken: string; account: ChannelAccount },
  ): InboundMessage[] | null;
}

/** Thrown by `verifyCredentials` for credentials the network refuses; `message` says so in words. */
export class ChannelCredentialsError extends Error {
  override readonly name = 'ChannelCredentialsError';
}

/**
 * Thrown by `send`/`edit`. `retryable`: a network or rate-limit failure worth retrying
 * (`retryAfterMs` when the network says when); otherwise the message can never go (chat gone,
 * bot blocked by the person) and the outbox gives up on it, saying why.
 */
export class ChannelSendError extends Error {
  override readonly name = 'ChannelSendError';
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryable: boolean, retryAfterMs?: number) {
    super(message);
    this.retryable = retryable;
    this.retryAfterMs = retryAfterMs;
  }
}
