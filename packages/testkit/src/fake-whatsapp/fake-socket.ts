import type {
  WhatsAppMediaDescriptor,
  WhatsAppMessage,
  WhatsAppMessageKey,
  WhatsAppOutboundContent,
  WhatsAppSocket,
  WhatsAppSocketEvents,
  WhatsAppSocketOptions,
} from '@lifeosai/channel-whatsapp';

type Listener<E extends keyof WhatsAppSocketEvents> = (payload: WhatsAppSocketEvents[E]) => void;

/** A message the driver sent, as it reached the socket. */
export interface RecordedSend {
  jid: string;
  content: WhatsAppOutboundContent;
  options: { messageId?: string; quoted?: WhatsAppMessage };
}

/** What WhatsApp's event boundary does, driven by the test; what the driver called, recorded. */
export class FakeWhatsAppSocket implements WhatsAppSocket {
  /** What the driver created this socket with (`auth` is Baileys' auth state). */
  readonly options: WhatsAppSocketOptions;
  /** Every `sendMessage`, in order. */
  readonly sent: RecordedSend[] = [];
  /** Every `sendPresenceUpdate` (`composing` = typing). */
  readonly presence: Array<{ type: string; jid: string | undefined }> = [];
  /** Every `readMessages` call: the keys acknowledged together. */
  readonly reads: WhatsAppMessageKey[][] = [];
  /** Numbers (digits) the driver asked a pairing code for. */
  readonly pairingRequests: string[] = [];
  loggedOut = false;
  ended = false;
  /** The code `requestPairingCode` answers. */
  pairingCode = 'FAKE1234';
  readonly #listeners = new Map<string, Array<(payload: unknown) => void>>();
  readonly #media = new Map<string, Uint8Array>();
  readonly #lids = new Map<string, string>();
  readonly #failures: Array<{ method: 'sendMessage' | 'readMessages'; error: Error }> = [];
  #nextId = 1;

  constructor(options: WhatsAppSocketOptions) {
    this.options = options;
  }

  // --- driven by the test --------------------------------------------------------------

  /** Shows a (new) QR code, as WhatsApp does every 20 s until the phone scans one. */
  emitQr(qr: string): void {
    this.#emit('connection.update', { qr });
  }

  /**
   * The phone linked (or the saved session was accepted): `creds.update` with our number,
   * then `open`. `phoneNumber` as digits or `+…`; `lid` our LID digits, when WhatsApp gives one.
   */
  open(phoneNumber: string, options: { lid?: string; device?: number } = {}): void {
    const digits = phoneNumber.replace(/\D/g, '');
    const me = {
      id: `${digits}:${options.device ?? 7}@s.whatsapp.net`,
      name: 'Fake phone',
      ...(options.lid ? { lid: `${options.lid}:${options.device ?? 7}@lid` } : {}),
    };
    this.#emit('creds.update', { me });
    this.#emit('connection.update', { connection: 'open' });
  }

  /** Closes with Baileys' code (515 restart, 401 logged out, 440 conflict, 408, 428, …). */
  close(statusCode: number, message = 'fake close'): void {
    this.ended = true;
    this.#emit('connection.update', { connection: 'close', lastDisconnect: { statusCode, message } });
  }

  /** A `creds.update` as Baileys emits when keys or account details change. */
  emitCredsUpdate(update: Record<string, unknown>): void {
    this.#emit('creds.update', update);
  }

  /** A `messages.upsert` (`notify` unless said): build messages with `whatsappMessage`. */
  emitMessages(messages: WhatsAppMessage[], type: 'notify' | 'append' = 'notify'): void {
    this.#emit('messages.upsert', { messages, type });
  }

  /** The bytes `downloadMedia` returns for a message id. */
  setMedia(messageId: string, bytes: Uint8Array): void {
    this.#media.set(messageId, bytes);
  }

  /** What the lid-mapping knows: `lid` → phone-number JID. */
  setLidMapping(lidJid: string, phoneJid: string): void {
    this.#lids.set(lidJid, phoneJid);
  }

  /** The next call of `method` rejects with an error carrying `statusCode` (428 closed, 406 refused…). */
  failNext(method: 'sendMessage' | 'readMessages', statusCode: number, message = 'fake failure'): void {
    this.#failures.push({ method, error: Object.assign(new Error(message), { statusCode }) });
  }

  // --- the WhatsAppSocket the driver uses -----------------------------------------------

  on<E extends keyof WhatsAppSocketEvents>(event: E, listener: Listener<E>): void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener as (payload: unknown) => void);
    this.#listeners.set(event, list);
  }

  async sendMessage(
    jid: string,
    content: WhatsAppOutboundContent,
    options: { messageId?: string; quoted?: WhatsAppMessage },
  ): Promise<{ id: string }> {
    this.#failIfAsked('sendMessage');
    this.sent.push({ jid, content, options });
    return { id: options.messageId ?? `FAKE${this.#nextId++}` };
  }

  async sendPresenceUpdate(type: 'composing' | 'paused' | 'available' | 'unavailable', jid?: string) {
    this.presence.push({ type, jid });
  }

  async readMessages(keys: WhatsAppMessageKey[]): Promise<void> {
    this.#failIfAsked('readMessages');
    this.reads.push(keys);
  }

  async requestPairingCode(phoneDigits: string): Promise<string> {
    this.pairingRequests.push(phoneDigits);
    return this.pairingCode;
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
    this.close(401, 'Intentional Logout');
  }

  end(): void {
    if (this.ended) return;
    this.close(428, 'Connection Terminated');
  }

  async downloadMedia(media: WhatsAppMediaDescriptor, maxBytes: number): Promise<Uint8Array> {
    const bytes = this.#media.get(media.messageId);
    if (!bytes) throw Object.assign(new Error('media not found'), { statusCode: 404 });
    if (bytes.byteLength > maxBytes) throw new Error(`The file is larger than ${maxBytes} bytes.`);
    return bytes;
  }

  async phoneJidForLid(lidJid: string): Promise<string | null> {
    return this.#lids.get(lidJid) ?? null;
  }

  #failIfAsked(method: 'sendMessage' | 'readMessages'): void {
    const index = this.#failures.findIndex((failure) => failure.method === method);
    if (index >= 0) throw this.#failures.splice(index, 1)[0]!.error;
  }

  #emit<E extends keyof WhatsAppSocketEvents>(event: E, payload: WhatsAppSocketEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }
}
