import { GoogleGenAI } from '@google/genai';
import type { VoiceProvider, VoiceSession } from '@lifeosai/voice-spec';
import { GeminiLiveSession, type ResumptionTuning } from './live-session.ts';
import { liveCostUsd } from './pricing.ts';

export { LIVE_PRICES } from './pricing.ts';

/** The default Live model: native audio (Gemini speaks itself, no separate text-to-speech). */
export const DEFAULT_GEMINI_LIVE_MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';

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
      const ai = new GoogleGenAI({
        apiKey: session.apiKey,
        ...(session.baseUrl ? { httpOptions: { baseUrl: session.baseUrl } } : {}),
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
