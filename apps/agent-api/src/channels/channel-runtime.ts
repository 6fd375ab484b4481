import type { ChannelLoginEvent } from '@lifeosai/api-contract';
import type { ChannelAccount, ChannelCredentials, ChannelDriver } from '@lifeosai/channel-spec';

/**
 * What the channel routes need of the channel runtime (the part that runs connections: leases,
 * pollers and sockets, the inbound journal, per-chat order, the outbox). The routes own the
 * rows (create, patch, delete, approve); the runtime runs what the rows say, on whichever
 * instance holds a connection's lease. Every method works from any instance.
 */
export interface ChannelRuntime {
  /** Registered drivers by type (`telegram`, `whatsapp`): one registration line each. */
  readonly drivers: ReadonlyMap<string, ChannelDriver>;
  /**
   * Checks credentials with the network before a connection is stored (Telegram `getMe`).
   * Rejects with `PlatformError('CHANNEL_TOKEN_INVALID')` in words when the network refuses.
   */
  verify(type: string, credentials: ChannelCredentials): Promise<ChannelAccount | undefined>;
  /**
   * A connection's row changed (created, patched, enabled, disabled, deleted): the instance
   * running it (or the next to take its lease) starts, restarts or stops it. Resolves once
   * the change is announced, not once it took effect.
   */
  changed(connectionId: string): Promise<void>;
  /**
   * A sender was approved or denied: messages it sent while waiting are answered (approved)
   * or dropped (denied), in order, and the sender is told.
   */
  senderDecided(connectionId: string, senderId: string, approved: boolean): Promise<void>;
  /**
   * The login stream (`GET /channels/:id/login`): the current state first, then every QR,
   * pairing code and status until the number is linked or `signal` aborts. Works wherever
   * the connection runs (the events travel on the bus).
   */
  watchLogin(connectionId: string, signal: AbortSignal): AsyncIterable<ChannelLoginEvent>;
  /** Asks the running connection for a pairing code for this number (`POST /channels/:id/login`). */
  requestPairingCode(connectionId: string, phoneNumber: string): Promise<string>;
  /**
   * A webhook delivery (`POST /api/channels/telegram/:channelId/webhook`): the secret is
   * checked (`driver.parseWebhook`) before anything else is read, then the messages are
   * journaled. `unauthorized` → 401, `not_found` → 404 (no such connection, or not a webhook one).
   */
  acceptWebhook(
    connectionId: string,
    delivery: { headers: Record<string, string | string[] | undefined>; body: unknown },
  ): Promise<'accepted' | 'unauthorized' | 'not_found'>;
}
