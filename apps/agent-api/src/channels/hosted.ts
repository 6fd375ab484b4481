import type { ChannelDriver, ChannelConnection as RunningConnection } from '@lifeosai/channel-spec';
import type { ChannelConnection } from '@lifeosai/db';

/** A connection this instance runs (it holds the lease). */
export interface Hosted {
  /** The row as last read (policy and allow list are read from here). */
  row: ChannelConnection;
  driver: ChannelDriver;
  connection: RunningConnection;
  /** Aborts the connection's context when this instance stops running it. */
  abort: AbortController;
  /** The agent's name, for the platform's own replies. */
  agentName: string;
  /** When "typing…" was last shown, by chat id. */
  typingAt: Map<string, number>;
  /** Runs whose end this instance listens for on the bus, with their unsubscribe. */
  watching: Map<string, () => void>;
  /** The latest login status update (replayed to a watcher that starts late). */
  lastLogin?: { qr?: string; pairingCode?: string; status: string };
  /** Asks for a pass over the journal and outbox (coalesced). */
  pump(): void;
}
