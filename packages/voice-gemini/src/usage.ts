import type { UsageMetadata } from '@google/genai';
import type { VoiceUsage } from '@lifeosai/voice-spec';

/** No usage yet. */
export function emptyUsage(): VoiceUsage {
  return { inputAudioTokens: 0, inputTextTokens: 0, outputAudioTokens: 0, outputTextTokens: 0 };
}

/**
 * Adds one `usageMetadata` to the session's totals. Gemini Live reports each turn's figures (not
 * running totals), so reports are summed, across resumptions too. Audio is what the modality
 * details say is audio; every other prompt or response token (text, tool use, thoughts) is billed
 * at the text price. Without details, everything counts as text.
 */
export function addUsage(total: VoiceUsage, metadata: UsageMetadata): VoiceUsage {
  const audioOf = (details: UsageMetadata['promptTokensDetails']) =>
    (details ?? [])
      .filter((detail) => detail.modality === 'AUDIO')
      .reduce((sum, d) => sum + (d.tokenCount ?? 0), 0);
  const inputAudio = audioOf(metadata.promptTokensDetails) + audioOf(metadata.toolUsePromptTokensDetails);
  const input = (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0);
  const outputAudio = audioOf(metadata.responseTokensDetails);
  const output = (metadata.responseTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0);
  return {
    inputAudioTokens: total.inputAudioTokens + inputAudio,
    inputTextTokens: total.inputTextTokens + Math.max(0, input - inputAudio),
    outputAudioTokens: total.outputAudioTokens + outputAudio,
    outputTextTokens: total.outputTextTokens + Math.max(0, output - outputAudio),
  };
}
