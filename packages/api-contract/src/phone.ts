import { z } from 'zod';
import { idSchema, nextCursorSchema, timestampSchema } from './fields.ts';

/** An E.164 phone number: `+`, country code, subscriber number, no spaces (`+14155550100`). */
export const e164Schema = z
  .string()
  .trim()
  .regex(
    /^\+[1-9][0-9]{6,14}$/,
    'an E.164 number: + then country code and number, no spaces, like +14155550100',
  );

/**
 * How a number treats callers it does not know: `pairing` (the default: the caller hears that
 * the owner was asked, and may call again once approved), `allowlist` (only the numbers in
 * `allow`), `open` (anyone; rate limits still apply).
 */
export const phoneCallerPolicies = ['pairing', 'allowlist', 'open'] as const;
export type PhoneCallerPolicy = (typeof phoneCallerPolicies)[number];

/** The longest call a number allows when the owner sets none (10 minutes). */
export const defaultMaxCallSeconds = 600;

/** `POST /api/agent/agents/:id/phone-numbers`. */
export const createPhoneNumberBody = z
  .object({
    number: e164Schema,
    callers: z.enum(phoneCallerPolicies).optional(),
    allow: z.array(e164Schema).max(1000).optional(),
    /** A call is ended politely after this many seconds (30 s – 4 h; default 600). */
    maxCallSeconds: z.number().int().min(30).max(14_400).optional(),
  })
  .strict();
export type CreatePhoneNumberBody = z.infer<typeof createPhoneNumberBody>;

/** A number as the API shows it. */
export const phoneNumberSchema = z.object({
  id: idSchema,
  agentId: idSchema,
  number: z.string(),
  callers: z.enum(phoneCallerPolicies),
  allow: z.array(z.string()),
  maxCallSeconds: z.number().int(),
  /**
   * What to paste in Twilio as the number's voice webhook (`<LIFEOSAI_PUBLIC_URL>/api/phone/twilio/voice`,
   * HTTP POST); null while `LIFEOSAI_PUBLIC_URL` is not set (no call can reach the platform then).
   */
  voiceUrl: z.string().nullable(),
  /** Callers waiting for approval (pairing). */
  pendingCallers: z.number().int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type PhoneNumberView = z.infer<typeof phoneNumberSchema>;
export const phoneNumberListSchema = z.object({ items: z.array(phoneNumberSchema) });

/** A caller waiting for approval: `GET /api/agent/phone-numbers/:id/pairings`. */
export const phonePairingSchema = z.object({
  code: z.string(),
  caller: z.string(),
  requestedAt: timestampSchema,
});
export type PhonePairing = z.infer<typeof phonePairingSchema>;
export const phonePairingListSchema = z.object({ items: z.array(phonePairingSchema) });

/** `POST /api/agent/phone-numbers/:id/pairings/:code/approve|deny` path parameters. */
export const phonePairingParams = z.object({ id: idSchema, code: z.string().min(1).max(32) });

/** Where a call came in: a phone line through Twilio, or the web app's Call button. */
export const callSources = ['twilio', 'browser'] as const;

/** A call's state: `ringing` until its audio is connected, then `in_progress`, then an end. */
export const callStatuses = ['ringing', 'in_progress', 'completed', 'refused', 'failed'] as const;
export type CallStatusName = (typeof callStatuses)[number];

/** A call in a list: `GET /api/agent/calls?agentId=`. */
export const callSchema = z.object({
  id: idSchema,
  agentId: idSchema,
  source: z.enum(callSources),
  /** The caller's number, or the person's name for a browser call. */
  from: z.string(),
  /** The number called; null for a browser call. */
  to: z.string().nullable(),
  startedAt: timestampSchema,
  endedAt: timestampSchema.nullable(),
  durationSec: z.number().int().nullable(),
  status: z.enum(callStatuses),
  /** The live voice model's cost plus the call's runs'; null until the call ends. */
  costUsd: z.number().nullable(),
});
export type CallView = z.infer<typeof callSchema>;

/** `GET /api/agent/calls?agentId=` query: newest first, by pages. */
export const callListQuery = z.object({
  agentId: idSchema,
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
});
export const callListSchema = z.object({ items: z.array(callSchema), nextCursor: nextCursorSchema });

/** One line of a call's transcript. */
export const callTranscriptLineSchema = z.object({
  role: z.enum(['caller', 'agent']),
  text: z.string(),
  at: timestampSchema,
});
export type CallTranscriptLineView = z.infer<typeof callTranscriptLineSchema>;

/** `GET /api/agent/calls/:id`: the call with its transcript, runs and usage. */
export const callDetailSchema = callSchema.extend({
  /** Why it ended, in words; null while it lasts. */
  endReason: z.string().nullable(),
  /** The conversation its runs continue. */
  sessionId: z.string().nullable(),
  transcript: z.array(callTranscriptLineSchema),
  runIds: z.array(z.string()),
  /** The live voice model's tokens and cost. */
  voice: z
    .object({
      provider: z.string(),
      inputAudioTokens: z.number().int(),
      inputTextTokens: z.number().int(),
      outputAudioTokens: z.number().int(),
      outputTextTokens: z.number().int(),
      costUsd: z.number(),
    })
    .nullable(),
});
export type CallDetail = z.infer<typeof callDetailSchema>;

/**
 * The largest body `POST /api/phone/twilio/voice` takes (the gateway and the Agent API hold it
 * to this): Twilio's voice webhooks are a few kilobytes of form fields.
 */
export const twilioWebhookBodyLimit = 64 * 1024;

/** Twilio's voice webhook (public, signed): a number's voice URL in Twilio's console is the public URL plus this. */
export const twilioVoicePath = '/api/phone/twilio/voice';

/** Twilio's media stream endpoint (public WebSocket, bound to its call by a one-time token). */
export const twilioStreamPath = '/api/phone/twilio/stream';
