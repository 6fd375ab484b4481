export type { VoiceEvent } from './events.ts';
export {
  type VoiceAudioFormat,
  type VoiceProvider,
  VoiceProviderError,
  type VoiceSession,
  type VoiceSessionOptions,
  type VoiceTool,
  type VoiceToolResult,
} from './provider.ts';
export type { VoiceUsage } from './usage.ts';
