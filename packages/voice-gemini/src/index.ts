import { type VoiceProvider, VoiceProviderError, type VoiceSession } from '@lifeosai/voice-spec';
import type { ResumptionTuning } from './live-session.ts';
import { liveCostUsd } from './pricing.ts';

export { LIVE_PRICES } from './pricing.ts';

/** The default Live model: native audio (Gemini speaks itself, no separate text-to-speech). */
export const DEFAULT_GEMINI_LIVE_MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';

/** Where Gemini Live is when the caller gives no base URL. */
const GEMINI_API_BASE_URL = 'https://generativelanguage.googleapis.com';

/** How a Gemini Live provider is made; every field has a default. */
export interface GeminiLiveOptions extends Partial<ResumptionTuning> {
  /** The model when a session does not name one (default `DEFAULT_GEMINI_LIVE_MODEL`). */
  model?: string;
}

/** A Gemini Live provider (`@google/genai` live API): 16 kHz PCM16 in, 24 kHz out. */
export function createGeminiLive(options: GeminiLiveOptions = {}): VoiceProvider {
  const tuning: ResumptionTuning = {
    attempts: options.attempts ?? 3,
    backoffMs: options.backoffMs ?? 200,
    heldAudioMs: options.heldAudioMs ?? 2_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  };
  return {
    id: 'gemini',
    formats: { input: { sampleRate: 16_000 }, output: { sampleRate: 24_000 } },
    async connect(session): Promise<VoiceSession> {
      // An empty key would make the SDK fall back to GEMINI_API_KEY/GOOGLE_API_KEY from the environment.
      if (!session.apiKey)
        throw new VoiceProviderError(
          'auth',
          'No Gemini API key was given. Set the Gemini key, then call again.',
        );
      // Everything explicit: the SDK would otherwise read GOOGLE_GENAI_USE_VERTEXAI and
      // GOOGLE_GEMINI_BASE_URL from the environment (set for other Gemini users on the machine).
      // The SDK (~1 MB of JavaScript) loads with the first call: an idle Agent API never holds it.
      const [{ GoogleGenAI }, { GeminiLiveSession }] = await Promise.all([
        import('@google/genai'),
        import('./live-session.ts'),
      ]);
      const ai = new GoogleGenAI({
        apiKey: session.apiKey,
        vertexai: false,
        httpOptions: { baseUrl: session.baseUrl ?? GEMINI_API_BASE_URL },
      });
      const live = new GeminiLiveSession(
        ai,
        session.model ?? options.model ?? DEFAULT_GEMINI_LIVE_MODEL,
        session,
        tuning,
      );
      await live.start();
      return live;
    },
    costUsd: (usage) => liveCostUsd(usage),
  };
}

/** Gemini Live with the default model and tuning. */
export const geminiLive: VoiceProvider = createGeminiLive();
