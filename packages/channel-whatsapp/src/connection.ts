import type {
  ChannelConnection,
  ChannelContext,
  ChannelLog,
  OutboundMessage,
  SentMessage,
} from '@lifeosai/channel-spec';
import { ChannelSendError } from '@lifeosai/channel-spec';
import type { StoredAuthState } from './auth-state.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import { closeAction } from './disconnect.ts';
import { describe, InboundQueue } from './inbound-queue.ts';
import { decodeJid, phoneDigits } from './jid.ts';
import { downloadMedia } from './media-ref.ts';
import { editOurMessage, sendOutbound, showTyping } from './outbound.ts';
import type { WhatsAppConnectionUpdate, WhatsAppSocket, WhatsAppSocketFactory } from './socket.ts';

/** How a WhatsApp connection is built; every field has a production default. */
export interface WhatsAppConnectionOptions {
  /** Makes the socket (default: Baileys' `makeWASocket`, loaded when the first connection starts). */
  socketFactory?: WhatsAppSocketFactory;
  /** WhatsApp Web's WebSocket address, for tests against a local server. */
  waWebSocketUrl?: string;
  /** Replaces the context's log. */
  logger?: ChannelLog;
  /** Waits between reconnections (1 s doubling to 2 min, with jitter). */
  reconnect?: BackoffOptions;
  /** Waits between attempts to journal received messages when `onInbound` rejects. */
  inboundRetry?: BackoffOptions;
  /** How long a pairing-code request waits for WhatsApp to be ready for a login (30 s). */
  loginReadyTimeoutMs?: number;
  maxMediaBytes: number;
}

/** A connection that stayed open this long is healthy again: the backoff starts over. */
const STABLE_MS = 60_000;

export class WhatsAppConnection implements ChannelConnection {
  readonly #ctx: ChannelContext;
  readonly #options: WhatsAppConnectionOptions;
  readonly #log: ChannelLog;
  readonly #stopping = new AbortController();
  #auth: StoredAuthState | undefined;
  #socket: WhatsAppSocket | undefined;
  #generation = 0;
  #open = false;
  #started = false;
  /** Stopped waiting for the network (logged out, conflict, QR expired) until the owner acts. */
  #halted = false;
  #qrShown = false;
  #loginReady: Array<() => void> = [];
  #attempt = 0;
  #restartedAtOnce = false;
  #openedAt: number | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  readonly #inbound: InboundQueue;

  constructor(ctx: ChannelContext, options: WhatsAppConnectionOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.#log = options.logger ?? ctx.log;
    this.#inbound = new InboundQueue({
      ctx,
      log: this.#log,
      retry: options.inboundRetry,
      signal: this.#stopping.signal,
      me: () => this.#auth?.me(),
    });
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#ctx.signal.addEventListener('abort', () => void this.stop(), { once: true });
    if (this.#ctx.signal.aborted) return;
    this.#ctx.onStatus({ status: 'connecting' });
    await this.#openSocket();
  }

  async stop(): Promise<void> {
    if (this.#stopping.signal.aborted) return;
    this.#stopping.abort();
    clearTimeout(this.#reconnectTimer);
    this.#generation++;
    this.#closeSocket();
    this.#loginReady.splice(0).forEach((wake) => {
      wake();
    });
    this.#ctx.onStatus({ status: 'stopped' });
    this.#log.info({ connectionId: this.#ctx.connectionId }, 'whatsapp connection stopped');
  }

  /** Unlinks this device from the phone and forgets the auth state; the connection stops. */
  async logout(): Promise<void> {
    // The 401 close that follows is ours, not the phone's: no "logged out" error for it.
    this.#generation++;
    clearTimeout(this.#reconnectTimer);
    await this.#socket?.logout().catch((error: unknown) => this.#debug('logout failed', error));
    await (this.#auth ? this.#auth.wipe() : this.#ctx.state.clear());
    this.#auth = undefined;
    await this.stop();
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    const quoted = message.replyTo ? this.#inbound.quotable(message.replyTo) : undefined;
    return sendOutbound(this.#requireOpen(), message, { maxMediaBytes: this.#options.maxMediaBytes, quoted });
  }

  async typing(chatId: string): Promise<void> {
    await showTyping(this.#requireOpen(), chatId);
  }

  async edit(chatId: string, networkMessageId: string, text: string): Promise<void> {
    await editOurMessage(this.#requireOpen(), chatId, networkMessageId, text);
  }

  async download(ref: string, maxBytes: number): Promise<Uint8Array> {
    return downloadMedia(this.#socket, ref, maxBytes);
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    const digits = phoneDigits(phoneNumber);
    if (!digits) {
      throw new Error('Give the phone number with its country code, like +33 6 12 34 56 78.');
    }
    if (this.#stopping.signal.aborted)
      throw new Error('This WhatsApp connection is stopped; start it again.');
    if (this.#open) throw new Error('This channel is already linked to a WhatsApp number.');
    if (this.#halted || !this.#socket) {
      // The owner starts the login again after the codes expired or the number was logged out.
      this.#halted = false;
      this.#attempt = 0;
      clearTimeout(this.#reconnectTimer);
      this.#ctx.onStatus({ status: 'connecting' });
      await this.#openSocket();
    }
    await this.#waitForLoginReady();
    const socket = this.#socket;
    if (!socket || this.#stopping.signal.aborted)
      throw new Error('WhatsApp closed the connection; try again.');
    const code = await socket.requestPairingCode(digits);
    this.#ctx.onStatus({ status: 'waiting_for_login', pairingCode: code });
    this.#log.info({ connectionId: this.#ctx.connectionId }, 'whatsapp pairing code requested');
    return code;
  }

  async #openSocket(): Promise<void> {
    if (this.#stopping.signal.aborted) return;
    const generation = ++this.#generation;
    try {
      if (!this.#auth) {
        const { loadAuthState } = await import('./auth-state.ts');
        this.#auth = await loadAuthState(this.#ctx.state, this.#log);
      }
      const factory =
        this.#options.socketFactory ?? (await import('./baileys-socket.ts')).baileysSocketFactory;
      if (generation !== this.#generation) return;
      const auth = this.#auth;
      const socket = factory({
        auth: auth.state,
        waWebSocketUrl: this.#options.waWebSocketUrl,
        log: this.#log,
      });
      this.#socket = socket;
      this.#open = false;
      this.#qrShown = false;
      this.#log.info(
        { connectionId: this.#ctx.connectionId, attempt: this.#attempt },
        'whatsapp socket opening',
      );
      socket.on('creds.update', (update) => {
        auth.saveCreds(update).catch((error: unknown) => {
          this.#log.error(
            { connectionId: this.#ctx.connectionId, error: describe(error) },
            'saving creds failed',
          );
        });
      });
      socket.on('connection.update', (update) => {
        if (generation === this.#generation) void this.#onConnectionUpdate(update);
      });
      socket.on('messages.upsert', ({ messages, type }) => {
        if (generation !== this.#generation || type !== 'notify') return;
        this.#inbound.push(socket, messages);
      });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#scheduleReconnect(`WhatsApp could not start (${describe(error)}).`);
    }
  }

  async #onConnectionUpdate(update: WhatsAppConnectionUpdate): Promise<void> {
    if (update.qr) {
      this.#qrShown = true;
      this.#ctx.onStatus({ status: 'waiting_for_login', qr: update.qr });
      this.#loginReady.splice(0).forEach((wake) => {
        wake();
      });
    }
    if (update.connection === 'open') {
      this.#open = true;
      this.#openedAt = Date.now();
      this.#restartedAtOnce = false;
      const user = decodeJid(this.#auth?.me()?.id)?.user;
      this.#ctx.onStatus({
        status: 'connected',
        ...(user ? { account: { id: user, name: `+${user}` } } : {}),
      });
      this.#log.info({ connectionId: this.#ctx.connectionId }, 'whatsapp connected');
    }
    if (update.connection === 'close') await this.#onClose(update.lastDisconnect?.statusCode);
  }

  async #onClose(statusCode: number | undefined): Promise<void> {
    this.#open = false;
    this.#socket = undefined;
    const action = closeAction(statusCode, { waitingForLogin: this.#qrShown });
    this.#log.info(
      { connectionId: this.#ctx.connectionId, statusCode, action: action.kind },
      'whatsapp closed',
    );
    switch (action.kind) {
      case 'restart':
        if (!this.#restartedAtOnce) {
          this.#restartedAtOnce = true;
          this.#ctx.onStatus({ status: 'connecting' });
          await this.#openSocket();
          return;
        }
        this.#scheduleReconnect('WhatsApp asked for a restart again.');
        return;
      case 'logged_out':
        this.#halted = true;
        await (this.#auth?.wipe() ?? this.#ctx.state.clear()).catch((error: unknown) =>
          this.#log.error(
            { connectionId: this.#ctx.connectionId, error: describe(error) },
            'wiping state failed',
          ),
        );
        this.#auth = undefined;
        this.#ctx.onStatus({
          status: 'error',
          message: action.message,
          retrying: false,
          reason: 'logged_out',
        });
        return;
      case 'conflict':
        this.#halted = true;
        this.#ctx.onStatus({ status: 'error', message: action.message, retrying: false, reason: 'conflict' });
        return;
      case 'login_expired':
        this.#halted = true;
        this.#ctx.onStatus({ status: 'error', message: action.message, retrying: false });
        return;
      case 'retry':
        this.#scheduleReconnect(action.message);
    }
  }

  #scheduleReconnect(reason: string): void {
    if (this.#stopping.signal.aborted) return;
    if (this.#openedAt !== undefined && Date.now() - this.#openedAt >= STABLE_MS) this.#attempt = 0;
    this.#openedAt = undefined;
    const delay = backoffDelay(this.#attempt++, this.#options.reconnect);
    const seconds = Math.max(1, Math.round(delay / 1000));
    this.#ctx.onStatus({
      status: 'error',
      message: `${reason} Trying again in ${seconds} s.`,
      retrying: true,
      reason: 'network',
    });
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => {
      this.#ctx.onStatus({ status: 'connecting' });
      void this.#openSocket();
    }, delay);
  }

  #requireOpen(): WhatsAppSocket {
    if (!this.#socket || !this.#open) {
      throw new ChannelSendError('WhatsApp is not connected right now; it will be tried again.', true);
    }
    return this.#socket;
  }

  async #waitForLoginReady(): Promise<void> {
    if (this.#qrShown) return;
    const timeout = this.#options.loginReadyTimeoutMs ?? 30_000;
    let wake: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      wake = resolve;
      this.#loginReady.push(resolve);
    });
    const timer = setTimeout(wake, timeout);
    await ready;
    clearTimeout(timer);
    if (!this.#qrShown) throw new Error('WhatsApp was not ready for a login in time; try again.');
  }

  #closeSocket(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#open = false;
    try {
      socket?.end();
    } catch (error) {
      this.#debug('ending the socket failed', error);
    }
  }

  #debug(message: string, error: unknown): void {
    this.#log.debug({ connectionId: this.#ctx.connectionId, error: describe(error) }, message);
  }
}
