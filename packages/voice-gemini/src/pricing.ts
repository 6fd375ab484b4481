import type { VoiceUsage } from '@lifeosai/voice-spec';

/** US dollars per million tokens. */
interface LivePrices {
  inputText: number;
  inputAudio: number;
  outputText: number;
  outputAudio: number;
}

/**
 * Gemini Live published prices (paid tier, USD per 1M tokens) for the native-audio Flash Live
 * models — "Gemini 2.5 Flash Native Audio (Live API)" on ai.google.dev/gemini-api/docs/pricing,
 * as read in late 2025: input $0.50 text / $3.00 audio, output $2.00 text / $12.00 audio.
 * One table: every model this provider runs is priced with it (an override model on another
 * price list is priced as the default one).
 */
export const LIVE_PRICES: LivePrices = { inputText: 0.5, inputAudio: 3, outputText: 2, outputAudio: 12 };

/** What a session's usage cost, in US dollars. */
export function liveCostUsd(usage: VoiceUsage): number {
  const million = 1_000_000;
  return (
    (usage.inputTextTokens * LIVE_PRICES.inputText +
      usage.inputAudioTokens * LIVE_PRICES.inputAudio +
      usage.outputTextTokens * LIVE_PRICES.outputText +
      usage.outputAudioTokens * LIVE_PRICES.outputAudio) /
    million
  );
}
