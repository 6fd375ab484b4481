/** Tokens a session used so far (summed over resumptions). */
export interface VoiceUsage {
  inputAudioTokens: number;
  inputTextTokens: number;
  outputAudioTokens: number;
  outputTextTokens: number;
}
