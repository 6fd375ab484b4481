import type { Json, NullableJson, Timestamp } from './column-values.ts';

/** The phone bridge's tables (migration 0010-phone): numbers, callers, calls. */

/** How a number treats callers it does not know (`@lifeosai/api-contract` `phoneCallerPolicies`). */
export type PhoneCallerPolicy = 'pairing' | 'allowlist' | 'open';

/** A phone number an agent answers; one agent per number across the instance. */
export interface PhoneNumberTable {
  id: string;
  orgId: string;
  agentId: string;
  /** E.164 (`+14155550100`); unique. */
  number: string;
  callers: PhoneCallerPolicy;
  /** Caller numbers (E.164) always allowed. */
  allow: Json<string[]>;
  /** A call is ended politely after this long. */
  maxCallSeconds: number;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/**
 * A caller an agent knows: an E.164 number, or `user:<id>` for a signed-in person calling from
 * the browser. Holds the pairing decision and the one session the caller's calls continue.
 */
export interface PhoneCallerTable {
  id: string;
  agentId: string;
  caller: string;
  /** The number they first called (pairings are listed per number); null for the browser. */
  phoneNumberId: string | null;
  status: 'approved' | 'pending' | 'denied';
  /** The short code an owner approves a pending caller by. */
  code: string | null;
  /** The conversation the caller's next call continues. */
  sessionId: string | null;
  requestedAt: Timestamp;
  decidedAt: Timestamp | null;
  decidedBy: string | null;
  lastCallAt: Timestamp | null;
}

/** One line of a call's transcript. */
export interface CallTranscriptLine {
  role: 'caller' | 'agent';
  text: string;
  at: Timestamp;
}

/** A call's state: `ringing` until the stream is bound, then `in_progress`, then an end. */
export type CallStatus = 'ringing' | 'in_progress' | 'completed' | 'refused' | 'failed';

/** Live-model tokens of a call (`@lifeosai/voice-spec` `VoiceUsage`). */
export interface CallVoiceUsage {
  inputAudioTokens: number;
  inputTextTokens: number;
  outputAudioTokens: number;
  outputTextTokens: number;
}

/** One call to an agent, by phone (Twilio) or from the browser. */
export interface CallTable {
  id: string;
  orgId: string;
  agentId: string;
  /** The number called; null for a browser call. */
  phoneNumberId: string | null;
  source: 'twilio' | 'browser';
  /** Twilio's `CallSid`; unique per source. */
  externalId: string | null;
  /** The `phone_callers.caller` key: an E.164 number or `user:<id>`. */
  caller: string;
  /** Who called, as shown: the caller's number, or the person's name for a browser call. */
  fromNumber: string;
  /** The number called; null for a browser call. */
  toNumber: string | null;
  /** The signed-in person for a browser call. */
  userId: string | null;
  /** The conversation the call's runs continue. */
  sessionId: string | null;
  status: CallStatus;
  /** Why it ended, in words (`caller hung up`, `the voice model failed: …`). */
  endReason: string | null;
  /** SHA-256 (hex) of the one-time token binding Twilio's stream to this call; cleared once used. */
  streamTokenHash: string | null;
  streamTokenExpiresAt: Timestamp | null;
  /** The instance holding the call's sockets while it lasts. */
  instanceId: string | null;
  transcript: Json<CallTranscriptLine[]>;
  runIds: Json<string[]>;
  /** The realtime voice provider's id (`gemini`). */
  voiceProvider: string | null;
  voiceUsage: NullableJson<CallVoiceUsage>;
  voiceCostUsd: number | null;
  /** The live model's cost plus the call's runs' cost, set when it ends. */
  costUsd: number | null;
  startedAt: Timestamp;
  answeredAt: Timestamp | null;
  endedAt: Timestamp | null;
  durationSec: number | null;
  updatedAt: Timestamp;
}
