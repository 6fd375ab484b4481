import type { KnownProviderId } from '@lifeosai/config';
import { geminiLive } from '@lifeosai/voice-gemini';
import type { VoiceProvider } from '@lifeosai/voice-spec';

/** A realtime voice provider as the bridge uses it. */
export interface VoiceProviderEntry {
  provider: VoiceProvider;
  /**
   * The LLM provider whose key it uses, resolved like every provider key (the organization's
   * settings, else the service environment): Gemini Live uses the `google` key (`GEMINI_API_KEY`).
   */
  keyFrom: KnownProviderId;
}

/** The voice provider calls use. */
export const defaultVoiceProvider = 'gemini';

/** The registered realtime voice providers by id: one line each. */
export function voiceProviders(): Map<string, VoiceProviderEntry> {
  return new Map([[geminiLive.id, { provider: geminiLive, keyFrom: 'google' }]]);
}
