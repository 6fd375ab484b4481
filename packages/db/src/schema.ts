import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Json, NullableJson, Timestamp } from './column-values.ts';
import type {
  BillingMeterEventTable,
  BillingWebhookEventTable,
  OAuthConnectionTable,
  OAuthStateTable,
  OrgBillingTable,
  PluginTable,
} from './schema-gateway-apis.ts';
import type { CallTable, PhoneCallerTable, PhoneNumberTable } from './schema-phone.ts';

export type * from './column-values.ts';
export type * from './schema-gateway-apis.ts';
export type * from './schema-phone.ts';

/**
 * The core domain tables, shared by SQLite and Postgres. Property names are camelCase
 * here and snake_case in the database (Kysely's CamelCasePlugin maps them).
 *
 * Value conventions, the same on both dialects (see normalize.ts):
 * - timestamps are ISO-8601 strings with milliseconds in UTC (`2026-11-23T21:46:05.123Z`);
 * - booleans are booleans;
 * - JSON columns come back parsed and are written as JSON text (`toJson`), because `pg`
 *   would turn a JS array into a Postgres array literal.
 * Organizations and users live in the auth service's tables: referenced by id only.
 */

export type AgentStatus = 'active' | 'paused';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
export type WakeSource = 'manual' | 'message' | 'heartbeat' | 'channel' | 'phone';
export type WakeStatus = 'pending' | 'queued' | 'coalesced' | 'skipped';
/** Who reads an agent's conversations (see `@lifeosai/api-contract` `agentVisibilitySchema`). */
export type AgentVisibility = 'private' | 'organization';
/** How a run was started (`@lifeosai/api-contract` `runTriggerKinds`). */
export type TriggerKind = 'user' | 'api' | 'heartbeat' | 'channel' | 'phone';

/** How and by whom a run was started, as stored on runs and (for the first run) sessions. */
export interface TriggerColumns {
  /** Defaults to `user` in the database only for rows older than the column (see 0007). */
  triggerKind: Generated<TriggerKind>;
  /** The user id (`user`, `api`), the sender's id (`channel`), the number (`phone`); null for heartbeats. */
  triggerBy: string | null;
  /** A name to show for `triggerBy`; null when unknown. */
  triggerByName: string | null;
}

export interface AgentTable {
  id: string;
  orgId: string;
  /** User who created the agent. */
  createdBy: string;
  name: string;
  /** Extra system instructions given to the harness. */
  instructions: Generated<string>;
  /** Registered harness id, e.g. `claude-code` or `pi`. */
  adapterType: string;
  /** Harness-specific config, validated by the harness's schema before it is stored. */
  adapterConfig: Json<Record<string, unknown>>;
  /** Heartbeat schedule, or null when the agent only wakes on demand. */
  heartbeat: NullableJson<Record<string, unknown>>;
  maxConcurrentRuns: Generated<number>;
  runTimeoutSec: Generated<number>;
  /** Monthly spend limit in USD; reaching it pauses the agent. Null: no limit. */
  monthlyBudgetUsd: number | null;
  status: Generated<AgentStatus>;
  /** Why the agent is paused (shown to its owner). */
  pausedReason: string | null;
  /** Who reads its conversations: each member their own (`private`) or everyone. */
  visibility: Generated<AgentVisibility>;
  /** Ids of the organization's OAuth connections granted to the agent (each run gets fresh tokens). */
  connections: ColumnType<string[], string | undefined, string>;
  /** Ids of the organization's plugins the agent enables. */
  plugins: ColumnType<string[], string | undefined, string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Soft delete: runs and usage keep pointing at the agent. */
  deletedAt: Timestamp | null;
}

/** A conversation; its `trigger*` columns are its first run's. */
export interface SessionTable extends TriggerColumns {
  id: string;
  orgId: string;
  agentId: string;
  harness: string;
  /** The harness's own session id, used to resume (null until the first run reports it). */
  nativeSessionId: string | null;
  title: string | null;
  /** The session this one was forked from; null when it was not forked. */
  forkedFromSessionId: string | null;
  /** The source's run the fork includes last (null: the source's whole conversation at the time). */
  forkedAtRunId: string | null;
  /** The native session the fork's first run copies (`SessionState` `fork`). */
  forkNativeSessionId: string | null;
  /** The native message the fork's first run copies up to; null copies the whole native session. */
  forkAtMessageId: string | null;
  /** The user who started it (its first run, or the fork); null when no person did. */
  authorId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface WakeRequestTable {
  id: string;
  orgId: string;
  agentId: string;
  source: WakeSource;
  /** Unique per agent: a second wake with the same key is coalesced, never run twice. */
  idempotencyKey: string;
  payload: Json<Record<string, unknown>>;
  status: WakeStatus;
  /** The run this wake became (or was coalesced into). */
  runId: string | null;
  /** Why a wake was skipped (e.g. an idle heartbeat). */
  reason: string | null;
  createdAt: Timestamp;
  processedAt: Timestamp | null;
}

export interface RunTable extends TriggerColumns {
  id: string;
  orgId: string;
  agentId: string;
  sessionId: string;
  wakeId: string | null;
  status: RunStatus;
  prompt: string;
  /** 1 for the first execution; a retry after a crash increments it. */
  attempt: Generated<number>;
  maxAttempts: Generated<number>;
  timeoutSec: number;
  /** Instance holding the run while it executes, and until when (renewed while alive). */
  leaseOwner: string | null;
  leaseExpiresAt: Timestamp | null;
  cancelRequested: Generated<boolean>;
  /** `{code, message}` when the run failed. */
  error: NullableJson<{ code: string; message: string }>;
  createdAt: Timestamp;
  startedAt: Timestamp | null;
  finishedAt: Timestamp | null;
}

export interface RunEventTable {
  runId: string;
  /** Monotonic per run, from 1; unique with runId. It is the SSE id. */
  seq: number;
  type: string;
  ts: Timestamp;
  /** The whole unified event. */
  data: Json<Record<string, unknown>>;
}

/**
 * The one record of what a run spent: one row per model call the LLM proxy metered on the
 * wire, or — when none of the run's calls was metered — per model the harness reported at the
 * end. A run's `usage`/`costUsd`, its `result` event, the usage chart and budgets are all sums
 * of these rows (see run-usage.ts and usage.ts); nothing else stores them.
 */
export interface UsageRecordTable {
  id: string;
  orgId: string;
  agentId: string;
  runId: string;
  /** `anthropic`, `openai`, `google`; `unknown` only for figures older than the proxy. */
  provider: string;
  /** The model the provider said it ran (the request's when the answer names none). */
  model: string;
  /** Prompt tokens outside the cache. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** USD; 0 with `costComputed: false` and tokens above 0 means nobody could price it. */
  costUsd: number;
  /** True when the cost came from the platform's price table, not from the harness. */
  costComputed: boolean;
  createdAt: Timestamp;
}

export interface FileTable {
  id: string;
  orgId: string;
  /** Path-like name within the organization, unique per organization. */
  name: string;
  size: number;
  sha256: string;
  contentType: string;
  /** Where the bytes live in the file store. */
  storageKey: string;
  createdBy: string;
  createdAt: Timestamp;
}

export interface SecretTable {
  id: string;
  orgId: string;
  name: string;
  /** AES-256-GCM ciphertext (versioned string); the value never leaves in clear. */
  ciphertext: string;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  orgId: string | null;
  actorType: 'user' | 'api_key' | 'agent' | 'system';
  actorId: string;
  /** `noun.verb`, e.g. `secret.rotated`. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Json<Record<string, unknown>>;
  createdAt: Timestamp;
}

export interface AgentInboxTable {
  id: string;
  orgId: string;
  agentId: string;
  /** What the agent should look at. */
  text: string;
  /** When it becomes due (now, for a message). */
  dueAt: Timestamp;
  /** The run that took it; null while pending. */
  runId: string | null;
  createdAt: Timestamp;
}

/** An organization's settings for one LLM provider (`/api/models`). */
export interface ProviderSettingsTable {
  id: string;
  orgId: string;
  /** `anthropic`, `openai` (any OpenAI-compatible endpoint) or `google` (Gemini). */
  provider: string;
  /** The provider's API base URL; null for its public default. */
  baseUrl: string | null;
  /** Model used when an agent names none. */
  defaultModel: string | null;
  /** Where the API key lives: `secret:NAME` or `env:NAME`; never the key. */
  apiKeyRef: string | null;
  updatedBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/**
 * A message the auth service would have mailed (local mode without SMTP), kept for the
 * instance admin. Ids are time-ordered, so the newest sort last.
 */
export interface MailOutboxTable {
  id: string;
  /** `email-verification`, `password-reset` or `organization-invitation`. */
  kind: string;
  /** The address it was meant for. */
  recipient: string;
  subject: string;
  /** The action link: a credential until used or expired, shown to the instance admin only. */
  link: string;
  sentAt: Timestamp;
}

/** A device (browser profile) that receives Web Push notifications for one user. */
export interface PushSubscriptionTable {
  id: string;
  /** The user it notifies (whoever registered the endpoint last). */
  userId: string;
  /** The push service's URL for the device; unique. */
  endpoint: string;
  /** The device's P-256 public key (base64url), for the payload's encryption. */
  p256dh: string;
  /** The device's auth secret (base64url). */
  auth: string;
  /** What it is told about: `PushEventKind`s, comma-separated (empty: none). */
  events: string;
  /** A name to recognise the device by. */
  label: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** How a connection treats senders it does not know (`@lifeosai/api-contract` `channelSenderPolicies`). */
export type ChannelSenderPolicy = 'pairing' | 'allowlist' | 'open';
/** A connection's state (`@lifeosai/channel-spec` `ChannelStatus`). */
export type ChannelConnectionStatus = 'connecting' | 'waiting_for_login' | 'connected' | 'error' | 'stopped';

/** An agent's connection to a network (a Telegram bot, a linked WhatsApp number). */
export interface ChannelConnectionTable {
  id: string;
  orgId: string;
  agentId: string;
  /** The driver's type: `telegram`, `whatsapp`. */
  type: string;
  status: ChannelConnectionStatus;
  /** False once the owner stopped it (`PATCH {enabled:false}`); no instance runs it then. */
  enabled: boolean;
  senders: ChannelSenderPolicy;
  /** Sender ids always allowed (strings: Telegram user ids, E.164 numbers). */
  allow: Json<string[]>;
  /** `poll` (long polling or a socket) or `webhook` (Telegram, public HTTPS URL only). */
  transport: 'poll' | 'webhook';
  /** The name of the organization's secret (secret store) holding the bot token; never returned. Null for WhatsApp. */
  tokenSecret: string | null;
  /** The name of the secret holding the webhook's secret token, for the webhook transport. */
  webhookSecret: string | null;
  /** The network's id of the account (bot id, linked number); unique per type once known. */
  accountId: string | null;
  /** `@bot_username`, `+33 6…`: shown to the owner. */
  accountName: string | null;
  /** The last failure in plain words; null once healthy again. */
  lastError: string | null;
  lastErrorAt: Timestamp | null;
  /** The instance running it (one poller or socket per connection across instances) and until when. */
  leaseOwner: string | null;
  leaseExpiresAt: Timestamp | null;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A chat on a connection; its conversation is one session of the agent (`/new` starts another). */
export interface ChannelChatTable {
  id: string;
  connectionId: string;
  networkChatId: string;
  kind: 'private' | 'group';
  title: string | null;
  /** The session the chat continues; null before its first run and after `/new`. */
  sessionId: string | null;
  lastMessageAt: Timestamp;
  createdAt: Timestamp;
}

/** A sender a connection has seen: approved, waiting with a pairing code, or denied. */
export interface ChannelSenderTable {
  id: string;
  connectionId: string;
  senderId: string;
  name: string | null;
  status: 'pending' | 'approved' | 'denied';
  /** The pairing code the sender was given while `pending`. */
  code: string | null;
  requestedAt: Timestamp;
  decidedAt: Timestamp | null;
  /** The user who approved or denied. */
  decidedBy: string | null;
}

/**
 * The inbound journal: one row per network message, written before the update is acknowledged.
 * `status`: `received` (journaled, not yet looked at), `queued` (waits for the chat's run to
 * end), `running` (its run is going), `done` (answered), `ignored` (`outcome` says why: a
 * stranger, a rate limit, a group message not addressed to the bot, a command handled).
 */
export interface ChannelInboundTable {
  id: string;
  connectionId: string;
  /** `channel_chats.id`. */
  chatId: string;
  networkMessageId: string;
  senderId: string;
  senderName: string | null;
  text: string;
  /** The whole `InboundMessage` as received (media refs, command, mention, reply). */
  message: Json<Record<string, unknown>>;
  status: 'received' | 'queued' | 'running' | 'done' | 'ignored';
  outcome: string | null;
  runId: string | null;
  receivedAt: Timestamp;
  handledAt: Timestamp | null;
}

/**
 * The outbox: one row per message part to send, written before it is sent; `idempotencyKey`
 * (unique per connection, e.g. `reply:<runId>:<part>`) makes a second write of the same part a
 * no-op. `status`: `pending` → `sent`, or `failed` after the last attempt (`error` says why).
 */
export interface ChannelOutboxTable {
  id: string;
  connectionId: string;
  chatId: string;
  idempotencyKey: string;
  /** One part, already in the network's markup (`ChannelDriver.format`). */
  text: string;
  /** Workspace files to send with it: `[{kind, path, fileName, mimeType}]`. */
  media: NullableJson<Record<string, unknown>[]>;
  buttons: NullableJson<Record<string, unknown>[]>;
  runId: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Timestamp;
  networkMessageIds: NullableJson<string[]>;
  /** Why the last attempt failed, in words (text: `error` is a JSON column name elsewhere). */
  lastError: string | null;
  createdAt: Timestamp;
  sentAt: Timestamp | null;
}

/** A connection's durable state (WhatsApp's auth state), values encrypted by the platform. */
export interface ChannelStateTable {
  connectionId: string;
  key: string;
  value: string;
  updatedAt: Timestamp;
}

export interface Database {
  agentInbox: AgentInboxTable;
  agents: AgentTable;
  sessions: SessionTable;
  wakeRequests: WakeRequestTable;
  runs: RunTable;
  runEvents: RunEventTable;
  usageRecords: UsageRecordTable;
  files: FileTable;
  secrets: SecretTable;
  auditLog: AuditLogTable;
  providerSettings: ProviderSettingsTable;
  mailOutbox: MailOutboxTable;
  pushSubscriptions: PushSubscriptionTable;
  channelConnections: ChannelConnectionTable;
  channelChats: ChannelChatTable;
  channelSenders: ChannelSenderTable;
  channelInbound: ChannelInboundTable;
  channelOutbox: ChannelOutboxTable;
  channelState: ChannelStateTable;
  phoneNumbers: PhoneNumberTable;
  phoneCallers: PhoneCallerTable;
  calls: CallTable;
  orgBilling: OrgBillingTable;
  billingWebhookEvents: BillingWebhookEventTable;
  billingMeterEvents: BillingMeterEventTable;
  oauthStates: OAuthStateTable;
  oauthConnections: OAuthConnectionTable;
  plugins: PluginTable;
}

export type Agent = Selectable<AgentTable>;
export type NewAgent = Insertable<AgentTable>;
export type AgentUpdate = Updateable<AgentTable>;
export type Session = Selectable<SessionTable>;
export type WakeRequest = Selectable<WakeRequestTable>;
export type Run = Selectable<RunTable>;
export type NewRun = Insertable<RunTable>;
export type RunEvent = Selectable<RunEventTable>;
export type NewRunEvent = Insertable<RunEventTable>;
export type UsageRecord = Selectable<UsageRecordTable>;
export type FileRecord = Selectable<FileTable>;
export type SecretRecord = Selectable<SecretTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
export type AgentInboxItem = Selectable<AgentInboxTable>;
export type ProviderSettings = Selectable<ProviderSettingsTable>;
export type MailOutboxEntry = Selectable<MailOutboxTable>;
export type PushSubscription = Selectable<PushSubscriptionTable>;
export type ChannelConnection = Selectable<ChannelConnectionTable>;
export type ChannelChat = Selectable<ChannelChatTable>;
export type ChannelSender = Selectable<ChannelSenderTable>;
export type ChannelInbound = Selectable<ChannelInboundTable>;
export type ChannelOutbox = Selectable<ChannelOutboxTable>;
export type PhoneNumber = Selectable<PhoneNumberTable>;
export type PhoneCaller = Selectable<PhoneCallerTable>;
export type Call = Selectable<CallTable>;

/** Columns that need value normalisation on read, by their camelCase result name. */
export const jsonColumns: ReadonlySet<string> = new Set([
  'adapterConfig',
  'heartbeat',
  'payload',
  'error',
  'data',
  'allow',
  'message',
  'media',
  'buttons',
  'networkMessageIds',
  'transcript',
  'runIds',
  'voiceUsage',
  'connections',
  'plugins',
  'scopes',
  'parts',
  'configSchema',
]);
export const booleanColumns: ReadonlySet<string> = new Set([
  'cancelRequested',
  'costComputed',
  'enabled',
  'cancelAtPeriodEnd',
]);
