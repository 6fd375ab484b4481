import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelContext, ChannelLog, InboundMessage } from '@lifeosai/channel-spec';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import { type InboundLookup, toInboundMessage } from './inbound.ts';
import type { WhatsAppMessage, WhatsAppSocket } from './socket.ts';

/** Recent inbound messages kept to quote them in a reply (`replyTo`). */
const QUOTABLE = 200;

/**
 * Received batches, one at a time and in order: mapped, journaled through `onInbound` (retried
 * with backoff while it rejects, until `signal` aborts), and only then acknowledged with read
 * receipts. Baileys has already acknowledged delivery, so WhatsApp will not redeliver: the
 * batch stays here until the journal takes it.
 */
export class InboundQueue {
  readonly #ctx: ChannelContext;
  readonly #log: ChannelLog;
  readonly #retry: BackoffOptions | undefined;
  readonly #signal: AbortSignal;
  readonly #me: () => InboundLookup['me'];
  readonly #quotable = new Map<string, WhatsAppMessage>();
  #chain: Promise<void> = Promise.resolve();

  constructor(options: {
    ctx: ChannelContext;
    log: ChannelLog;
    retry: BackoffOptions | undefined;
    signal: AbortSignal;
    me: () => InboundLookup['me'];
  }) {
    this.#ctx = options.ctx;
    this.#log = options.log;
    this.#retry = options.retry;
    this.#signal = options.signal;
    this.#me = options.me;
  }

  /** Queues a `notify` batch received on `socket` (its receipts go back through it). */
  push(socket: WhatsAppSocket, messages: WhatsAppMessage[]): void {
    this.#chain = this.#chain
      .then(() => this.#deliver(socket, messages))
      .catch((error: unknown) => this.#debug('inbound batch failed', error));
  }

  /** A recently received message by its `networkMessageId`, to quote. */
  quotable(networkMessageId: string): WhatsAppMessage | undefined {
    return this.#quotable.get(networkMessageId);
  }

  async #deliver(socket: WhatsAppSocket, messages: WhatsAppMessage[]): Promise<void> {
    const lookup = { me: this.#me(), phoneJidForLid: (lid: string) => socket.phoneJidForLid(lid) };
    const mapped: Array<{ inbound: InboundMessage; original: WhatsAppMessage }> = [];
    for (const original of messages) {
      try {
        const inbound = await toInboundMessage(original, lookup);
        if (inbound) mapped.push({ inbound, original });
      } catch (error) {
        // One message we cannot read must not hold back the others (nor the next batches).
        this.#log.warn(
          { connectionId: this.#ctx.connectionId, error: describe(error) },
          'unreadable message skipped',
        );
      }
    }
    if (mapped.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      if (this.#signal.aborted) return;
      try {
        await this.#ctx.onInbound(mapped.map((entry) => entry.inbound));
        break;
      } catch (error) {
        const delay = backoffDelay(attempt, this.#retry);
        this.#log.warn(
          {
            connectionId: this.#ctx.connectionId,
            count: mapped.length,
            error: describe(error),
            retryInMs: delay,
          },
          'journaling inbound messages failed; not acknowledged',
        );
        await sleep(delay, undefined, { signal: this.#signal }).catch(() => undefined);
      }
    }
    for (const { inbound, original } of mapped) {
      this.#quotable.set(inbound.networkMessageId, original);
      if (this.#quotable.size > QUOTABLE) this.#quotable.delete(this.#quotable.keys().next().value!);
    }
    const keys = mapped.map(({ original: { key } }) => ({
      remoteJid: key.remoteJid,
      id: key.id,
      fromMe: false,
      ...(key.participant ? { participant: key.participant } : {}),
    }));
    await socket.readMessages(keys).catch((error: unknown) => this.#debug('read receipts failed', error));
  }

  #debug(message: string, error: unknown): void {
    this.#log.debug({ connectionId: this.#ctx.connectionId, error: describe(error) }, message);
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
