import { PlatformError } from '@lifeosai/errors';
import type { VoiceEvent, VoiceProvider, VoiceSession, VoiceTool } from '@lifeosai/voice-spec';
import type { PhoneRuntimeDeps } from './runtime-deps.ts';
import { defaultVoiceProvider } from './voice-providers.ts';

/**
 * A live voice session opened for one call. Events that arrive before the call listens (a
 * session opened while the call was still being set up) are held and handed over in order.
 */
export interface LiveVoice {
  /** The provider's id (`gemini`), recorded on the call. */
  providerId: string;
  provider: VoiceProvider;
  session: VoiceSession;
  /** Takes the session's events from now on, the held ones first. Call once. */
  listen(handler: (event: VoiceEvent) => void): void;
}

/** The provider calls use, and its entry; `VOICE_NOT_CONFIGURED` when none is registered. */
export function callVoiceProvider(deps: Pick<PhoneRuntimeDeps, 'providers' | 'voiceProvider'>) {
  const id = deps.voiceProvider ?? defaultVoiceProvider;
  const entry = deps.providers.get(id);
  if (!entry) throw new PlatformError('VOICE_NOT_CONFIGURED');
  return { id, ...entry };
}

/**
 * Opens the organization's live voice session: the key resolved like every provider key (the
 * organization's settings, else the service environment), the base URL from the operator's
 * settings. Rejects with `VOICE_NOT_CONFIGURED` when there is no key, or the provider's
 * `VoiceProviderError` when it cannot connect. The key goes to the provider only.
 */
export async function openLiveVoice(
  deps: Pick<PhoneRuntimeDeps, 'providers' | 'voiceProvider' | 'credentialsFor' | 'voiceBaseUrls'>,
  orgId: string,
  options: { instructions: string; tools: readonly VoiceTool[] },
): Promise<LiveVoice> {
  const { id, provider, keyFrom } = callVoiceProvider(deps);
  const apiKey = (await deps.credentialsFor(orgId))[keyFrom]?.apiKey;
  if (!apiKey) throw new PlatformError('VOICE_NOT_CONFIGURED');
  const held: VoiceEvent[] = [];
  let handler: ((event: VoiceEvent) => void) | undefined;
  const baseUrl = deps.voiceBaseUrls[id];
  const session = await provider.connect({
    ...options,
    apiKey,
    ...(baseUrl && { baseUrl }),
    onEvent: (event) => (handler ? handler(event) : held.push(event)),
  });
  return {
    providerId: id,
    provider,
    session,
    listen(next) {
      handler = next;
      for (const event of held.splice(0)) next(event);
    },
  };
}
