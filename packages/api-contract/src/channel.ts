import { z } from 'zod';
import { idSchema, nextCursorSchema, timestampSchema } from './fields.ts';

/** The networks the platform speaks (one channel package each, registered in the Agent API). */
export const channelTypes = ['telegram', 'whatsapp'] as const;
export type ChannelType = (typeof channelTypes)[number];

/**
 * How a connection treats a sender it does not know: `pairing` (the default: the sender gets a
 * short code and waits until an owner approves it), `allowlist` (only the ids in `allow`),
 * `open` (anyone; rate limits still apply).
 */
export const channelSenderPolicies = ['pairing', 'allowlist', 'open'] as const;
export type ChannelSenderPolicy = (typeof channelSenderPolicies)[number];

/** A connection's state; `lastError` says in words what went wrong with `error`. */
export const channelStatuses = ['connecting', 'waiting_for_login', 'connected', 'error', 'stopped'] as const;
export type ChannelStatus = (typeof channelStatuses)[number];

/** A sender id: a Telegram user id, an E.164 number (`+33612345678`) for WhatsApp. */
export const channelSenderIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^\+?[0-9A-Za-z_.:@-]+$/, 'a Telegram user id or an E.164 number such as +33612345678');

const allowSchema = z.array(channelSenderIdSchema).max(1000);

/** A Telegram bot token as BotFather gives it (`123456:ABC-…`). */
export const telegramBotTokenSchema = z
  .string()
  .trim()
  .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'a bot token from BotFather, like 123456789:AAE…');

/** `POST /api/agent/agents/:id/channels`. */
export const createChannelBody = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('telegram'),
      botToken: telegramBotTokenSchema,
      senders: z.enum(channelSenderPolicies).optional(),
      allow: allowSchema.optional(),
      /** Receive by webhook instead of long polling; only when `LIFEOSAI_PUBLIC_URL` is HTTPS. */
      webhook: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('whatsapp'),
      senders: z.enum(channelSenderPolicies).optional(),
      allow: allowSchema.optional(),
    })
    .strict(),
]);
export type CreateChannelBody = z.infer<typeof createChannelBody>;

/** `PATCH /api/agent/channels/:id` (merge patch). `enabled: false` stops it; `true` starts it again. */
export const patchChannelBody = z
  .object({
    senders: z.enum(channelSenderPolicies).optional(),
    allow: allowSchema.optional(),
    enabled: z.boolean().optional(),
    /** A new token for the same bot (checked with `getMe`); Telegram only. */
    botToken: telegramBotTokenSchema.optional(),
    webhook: z.boolean().optional(),
  })
  .strict();
export type PatchChannelBody = z.infer<typeof patchChannelBody>;

/** A connection as the API shows it. The bot token is write-only: never here. */
export const channelSchema = z.object({
  id: idSchema,
  agentId: idSchema,
  type: z.enum(channelTypes),
  status: z.enum(channelStatuses),
  enabled: z.boolean(),
  senders: z.enum(channelSenderPolicies),
  allow: z.array(z.string()),
  transport: z.enum(['poll', 'webhook']),
  /** The bot's `@username` or the linked number, once known. */
  account: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** What went wrong last, in plain words; null when healthy. */
  lastError: z.string().nullable(),
  lastErrorAt: timestampSchema.nullable(),
  /** Senders waiting for approval (pairing). */
  pendingSenders: z.number().int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Channel = z.infer<typeof channelSchema>;

export const channelListSchema = z.object({ items: z.array(channelSchema) });

/** A sender waiting for approval: `GET /api/agent/channels/:id/pairings`. */
export const channelPairingSchema = z.object({
  code: z.string(),
  senderId: z.string(),
  name: z.string().nullable(),
  requestedAt: timestampSchema,
});
export type ChannelPairing = z.infer<typeof channelPairingSchema>;
export const channelPairingListSchema = z.object({ items: z.array(channelPairingSchema) });

/** `POST /api/agent/channels/:id/pairings/:code/approve|deny` path parameters. */
export const channelPairingParams = z.object({ id: idSchema, code: z.string().min(1).max(32) });

/** `POST /api/agent/channels/:id/login`: ask for a pairing code for this number instead of a QR. */
export const channelLoginBody = z
  .object({
    phoneNumber: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,24}$/, 'a phone number with its country code, like +33 6 12 34 56 78'),
  })
  .strict();

/** One event of `GET /api/agent/channels/:id/login` (SSE `data`), until the number is linked. */
export const channelLoginEventSchema = z.union([
  z.object({ qr: z.string() }),
  z.object({ pairingCode: z.string() }),
  z.object({ status: z.enum(channelStatuses), lastError: z.string().nullable().optional() }),
]);
export type ChannelLoginEvent = z.infer<typeof channelLoginEventSchema>;

/** A chat on a connection: `GET /api/agent/channels/:id/chats`. */
export const channelChatSchema = z.object({
  id: idSchema,
  kind: z.enum(['private', 'group']),
  title: z.string().nullable(),
  /** The conversation it continues (a session of the agent); null after `/new` until the next message. */
  sessionId: z.string().nullable(),
  lastMessageAt: timestampSchema,
});
export type ChannelChat = z.infer<typeof channelChatSchema>;
export const channelChatPageSchema = z.object({
  items: z.array(channelChatSchema),
  nextCursor: nextCursorSchema,
});

/** A message of a chat, in or out: `GET /api/agent/channels/:id/chats/:chatId/messages`. */
export const channelMessageSchema = z.object({
  id: idSchema,
  direction: z.enum(['in', 'out']),
  /** The sender's id and name for `in`. */
  senderId: z.string().nullable(),
  senderName: z.string().nullable(),
  text: z.string(),
  /** `in`: received, queued, running, done, ignored; `out`: pending, sent, failed. */
  status: z.string(),
  /** Why it was ignored or failed, in words. */
  note: z.string().nullable(),
  runId: z.string().nullable(),
  at: timestampSchema,
});
export type ChannelMessage = z.infer<typeof channelMessageSchema>;
export const channelMessagePageSchema = z.object({
  items: z.array(channelMessageSchema),
  nextCursor: nextCursorSchema,
});

/** `GET /api/agent/channels/:id/chats` and `…/chats/:chatId/messages` query: newest first, by pages. */
export const channelHistoryQuery = z.object({
  /** Page size. */
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** A previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type ChannelHistoryQuery = z.infer<typeof channelHistoryQuery>;

/** `…/chats/:chatId/messages` path parameters. */
export const channelChatParams = z.object({ id: idSchema, chatId: idSchema });

/**
 * The largest body `POST /api/channels/telegram/:channelId/webhook` takes (the gateway and the
 * Agent API hold it to this): Telegram's updates are a few kilobytes.
 */
export const channelWebhookBodyLimit = 256 * 1024;
