/** Gemini counts 25 tokens per second of audio, both ways. */
const AUDIO_TOKENS_PER_SECOND = 25;

/**
 * A `usageMetadata` for one turn, shaped like Gemini Live's (per-turn figures, modality details):
 * caller audio and text since the last report in, the turn's speech out.
 */
export function usageFor(input: { audioMs: number; textChars: number }, outputAudioMs: number) {
  const inputAudio = Math.round((input.audioMs / 1000) * AUDIO_TOKENS_PER_SECOND);
  const inputText = Math.ceil(input.textChars / 4);
  const outputAudio = Math.round((outputAudioMs / 1000) * AUDIO_TOKENS_PER_SECOND);
  return {
    promptTokenCount: inputAudio + inputText,
    responseTokenCount: outputAudio,
    totalTokenCount: inputAudio + inputText + outputAudio,
    promptTokensDetails: [
      { modality: 'TEXT', tokenCount: inputText },
      { modality: 'AUDIO', tokenCount: inputAudio },
    ],
    responseTokensDetails: [{ modality: 'AUDIO', tokenCount: outputAudio }],
  };
}
