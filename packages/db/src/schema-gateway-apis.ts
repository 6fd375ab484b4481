import type { ColumnType, Generated } from 'kysely';
import type { Json, NullableJson, Timestamp } from './column-values.ts';

/**
 * The gateway's direct APIs (migration 0011-billing-connections-plugins): billing, OAuth
 * connections, plugins.
 */

/**
 * Where an organization stands with billing: `free` (no subscription), or the Stripe
 * subscription's status as Stripe names it. `past_due`/`unpaid` refuse new runs (`PAYMENT_REQUIRED`).
 */
export type BillingStatus =
  | 'free'
  | 'active'
  | 'trialing'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'incomplete'
  | 'incomplete_expired'
  | 'paused';

/** An organization's plan and Stripe state; no row = the `free` plan, status `free`. */
export interface OrgBillingTable {
  orgId: string;
  /** A plan id from config (`plans`); an id no longer configured reads as `free`'s limits. */
  planId: string;
  status: BillingStatus;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  periodStart: Timestamp | null;
  periodEnd: Timestamp | null;
  cancelAtPeriodEnd: ColumnType<boolean, boolean | undefined, boolean>;
  /**
   * The Stripe `created` (unix seconds) of the newest subscription state applied: an older
   * event arriving late changes nothing.
   */
  subscriptionUpdatedAt: number | null;
  updatedAt: Timestamp;
}

/** The webhook journal: a Stripe event id is processed once. */
export interface BillingWebhookEventTable {
  /** Stripe's event id (`evt_…`). */
  id: string;
  type: string;
  orgId: string | null;
  receivedAt: Timestamp;
  /** Null while being processed (a crash leaves it for Stripe's retry to finish). */
  processedAt: Timestamp | null;
  /** What processing did, in words (`applied`, `ignored: stale`, …). */
  outcome: string | null;
}

/** `pending` until Stripe accepted it (`sent`); `failed` after the retries ran out (kept, retried by hand). */
export type MeterEventStatus = 'pending' | 'sent' | 'failed';

/** The meter-event outbox: one row per usage record of a subscribed organization. */
export interface BillingMeterEventTable {
  usageRecordId: string;
  orgId: string;
  stripeCustomerId: string;
  /** Micro-US-dollars (the record's `costUsd` × 1e6, rounded). */
  value: number;
  /** Stripe's idempotency identifier for the meter event (derived from the usage record id). */
  identifier: string;
  /** The usage record's time: Stripe's event timestamp. */
  occurredAt: Timestamp;
  status: MeterEventStatus;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  /** An instance sending it holds it until then (a crashed sender's claim expires). */
  claimedUntil: Timestamp | null;
  lastError: string | null;
  createdAt: Timestamp;
  sentAt: Timestamp | null;
}

/** An authorization started and not yet finished: the `state` (its hash is the id) and the PKCE verifier. */
export interface OAuthStateTable {
  /** SHA-256 of the `state` sent to the provider (the state itself is never stored). */
  id: string;
  orgId: string;
  userId: string;
  provider: string;
  /** The PKCE code verifier, encrypted with the platform key. */
  codeVerifier: string;
  /** A same-origin path to land on after the callback. */
  returnTo: string | null;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  /** Set when the callback used it: a state is good once. */
  usedAt: Timestamp | null;
}

/** `active`; `revoked` by a member; `error` when a refresh was refused (reconnect). */
export type OAuthConnectionStatus = 'active' | 'revoked' | 'error';

/** An outside account connected for the organization's agents. */
export interface OAuthConnectionTable {
  id: string;
  orgId: string;
  /** A provider id from config (`oauthProviders`). */
  provider: string;
  /** Who it is at the provider (email or login) when the provider says; for people to recognise it. */
  account: string | null;
  scopes: Json<string[]>;
  /** Encrypted with the platform key. */
  accessToken: string;
  /** Encrypted with the platform key; null when the provider gave none. */
  refreshToken: string | null;
  expiresAt: Timestamp | null;
  status: OAuthConnectionStatus;
  lastError: string | null;
  /** Bumped on every token change: a refresh writes only over the version it read. */
  version: Generated<number>;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  refreshedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

/** What a plugin brings, normalised from either manifest format (see `@lifeosai/plugins`). */
export interface PluginPartsRecord {
  /** Skill folders, relative to the bundle's root. */
  skills: Array<{ name: string; path: string }>;
  /** MCP servers by name; `${PLUGIN_ROOT}` (and Claude's `${CLAUDE_PLUGIN_ROOT}`) in commands, args and env stand for the bundle's root. */
  mcpServers: Record<string, Record<string, unknown>>;
  /** Instructions appended to the agent's, from files relative to the root (read at run time). */
  instructions: string[];
  /** Claude Code slash commands (markdown files relative to the root), offered as skills where a harness has no commands. */
  commands: Array<{ name: string; path: string }>;
}

/** An installed plugin version of an organization. */
export interface PluginTable {
  id: string;
  orgId: string;
  name: string;
  version: string;
  description: string | null;
  /** `lifeosai` (lifeosai-plugin.json) or `claude-code` (.claude-plugin/plugin.json). */
  format: 'lifeosai' | 'claude-code';
  source: 'upload' | 'npm';
  /** `name@version` when installed from npm. */
  npmSpec: string | null;
  /** `sha256-<base64>` of the archive as stored (npm's `sha512-…` integrity is checked on the download). */
  checksum: string;
  parts: Json<PluginPartsRecord>;
  /** The JSON Schema of the config an agent gives the plugin; null when it takes none. */
  configSchema: NullableJson<Record<string, unknown>>;
  /** The bundle as uploaded or downloaded (.tgz or .zip). */
  archive: Uint8Array;
  archiveBytes: number;
  createdBy: string;
  createdAt: Timestamp;
}
