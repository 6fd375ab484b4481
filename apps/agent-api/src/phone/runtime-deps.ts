import type { Database } from '@lifeosai/db';
import type { ProviderCredentials } from '@lifeosai/harness-spec';
import type { Kysely } from 'kysely';
import type { EventBus } from '../events/event-bus.ts';
import type { IdentityVerifier } from '../http/identity.ts';
import type { Orchestrator } from '../orchestration/orchestrator.ts';
import type { VoiceProviderEntry } from './voice-providers.ts';

/** The waits the bridge works by; every one can be set (tests shorten them). */
export interface PhoneLimits {
  /** How long a session opened for an admitted call waits for its stream on this instance (20 s). */
  preparedTtlMs: number;
  /** How often a live call's record is written and renewed (10 s). */
  renewEveryMs: number;
  /** A call not renewed for this long is closed as `failed` (instance gone) by any instance (45 s). */
  staleCallMs: number;
  /** After "time is up" is told to the voice, the call is cut this much later at the latest (10 s). */
  goodbyeGraceMs: number;
  /** After the voice is told the agent failed, the call is cut this much later if it did not hang up (15 s). */
  failureGraceMs: number;
  /** The longest wait for the goodbye to finish playing before hanging up (15 s). */
  drainTimeoutMs: number;
}

export const defaultPhoneLimits: PhoneLimits = {
  preparedTtlMs: 20_000,
  renewEveryMs: 10_000,
  staleCallMs: 45_000,
  goodbyeGraceMs: 10_000,
  failureGraceMs: 15_000,
  drainTimeoutMs: 15_000,
};

/** Where the bridge logs; pino's shape. Contract: never given a key or a token. */
export interface PhoneLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** What the phone bridge is made of (service.ts and the test platform wire it). */
export interface PhoneRuntimeDeps {
  db: Kysely<Database>;
  /** Runs' event notices: a question's run is followed wherever it executes. */
  bus: EventBus;
  orchestrator: Pick<Orchestrator, 'wake'>;
  /** Registered realtime voice providers (`voiceProviders()`). */
  providers: ReadonlyMap<string, VoiceProviderEntry>;
  /** The provider calls use (default `gemini`). */
  voiceProvider?: string;
  /** Provider credentials of an organization (its settings → the service environment). Keys are never logged. */
  credentialsFor(orgId: string): Promise<ProviderCredentials>;
  /**
   * Where each voice provider is reached, by provider id (`gemini`: `GEMINI_LIVE_BASE_URL`, else
   * `GEMINI_BASE_URL`); absent: the provider's own default. Operator settings only.
   */
  voiceBaseUrls: Readonly<Partial<Record<string, string>>>;
  /** Verifies the gateway's identity token on a browser call's upgrade (as on every HTTP route). */
  verifyIdentity: IdentityVerifier;
  /** This instance's id, written on the calls it holds. */
  instanceId: string;
  log: PhoneLog;
  limits?: Partial<PhoneLimits>;
}
