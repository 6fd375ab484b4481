export { startFakeGeminiLive } from './server.ts';
export { synthesizeSpeech } from './synthetic-voice.ts';
export type {
  FakeGeminiLive,
  FakeGeminiLiveOptions,
  FakeLiveConnectionRecord,
  FakeLiveConversationRecord,
  FakeLiveSetup,
  FakeLiveStep,
  FakeLiveToolResponse,
} from './types.ts';
