export {
  type CloseRecord,
  createFakeTwilioCaller,
  type FakeTwilioCaller,
  type FakeTwilioCallerOptions,
} from './caller.ts';
export { type FrameTiming, frameTiming } from './frame-timing.ts';
export type { ClearRecord, MarkRecord, ReceivedFrame } from './playback.ts';
export { signTwilioRequest } from './signature.ts';
export { type ParsedTwiml, parseTwiml } from './twiml.ts';
export { inboundCallParams, postVoiceWebhook, twilioSid, type VoiceWebhookAnswer } from './webhook.ts';
