import type { ChannelDriver, ChannelLog } from '@lifeosai/channel-spec';
import type { Database, DialectName } from '@lifeosai/db';
import type { SecretCipher } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import type { EventBus } from '../events/event-bus.ts';
import type { Orchestrator } from '../orchestration/orchestrator.ts';
import type { PushSender } from '../push/push-sender.ts';

/** The numbers the runtime works by; every one can be set (tests shorten them). */
export interface ChannelLimits {
  /** Messages one sender may send per window before the polite "slow down" (20). */
  senderPerWindow: number;
  /** Messages one connection takes per window, all senders together (300). */
  connectionPerWindow: number;
  /** The rate limits' window (60 s). */
  windowMs: number;
  /** Waits before each resend of a part that failed retryably; one attempt more than entries (1 s, 5 s, 30 s, 2 min, 10 min). */
  sendRetryDelaysMs: readonly number[];
  /** How often "typing…" is shown while a chat's run works (4 s; Telegram shows it for 5). */
  typingEveryMs: number;
}

export const defaultChannelLimits: ChannelLimits = {
  senderPerWindow: 20,
  connectionPerWindow: 300,
  windowMs: 60_000,
  sendRetryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
  typingEveryMs: 4_000,
};

/** What the channel runtime is made of (service.ts and the test platform wire it). */
export interface ChannelRuntimeDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  bus: EventBus;
  orchestrator: Pick<Orchestrator, 'wake' | 'cancel' | 'answerPermission'>;
  /** Registered drivers by type (`channelDrivers()`). */
  drivers: ReadonlyMap<string, ChannelDriver>;
  /** Reads an organization's secret (the bot token, the webhook secret) by name. */
  revealSecret(orgId: string, name: string): Promise<string | undefined>;
  /** Encrypts connections' durable state (the platform's master key). */
  cipher: SecretCipher;
  /** `$LIFEOSAI_HOME`: agents' workspaces (attachments in and out). */
  home: string;
  /** This instance's lease-owner id. */
  instanceId: string;
  /** Tells the agent's owners a sender waits for approval. */
  push?: Pick<PushSender, 'senderWaiting'>;
  /** `LIFEOSAI_PUBLIC_URL`: webhooks are set to `<publicUrl>/api/channels/<type>/<id>/webhook`. */
  publicUrl?: string;
  log: ChannelLog;
  /** How long a connection's lease lasts without renewal (15 s); renewed every third of it. */
  leaseMs?: number;
  /** How often a lease holder re-reads its journal and outbox when no signal came (1 s). */
  tickMs?: number;
  limits?: Partial<ChannelLimits>;
}
