import type { Call } from '@lifeosai/db';
import type { CallSession } from './call-session.ts';
import type { LiveVoice } from './live-voice.ts';
import type { PhoneLimits, PhoneRuntimeDeps } from './runtime-deps.ts';

/** What a call's socket handler needs of the runtime that holds it. */
export interface CallHost {
  deps: PhoneRuntimeDeps & { limits: PhoneLimits };
  /** The voice's audio rates: what legs convert to (`input`) and from (`output`). */
  rates: { input: number; output: number };
  /**
   * The live voice for a call: the one this instance opened for it when the webhook admitted
   * it (`prepare`), else a new one. Rejects in words (`VOICE_NOT_CONFIGURED`, unreachable).
   */
  voiceFor(call: Call, agentName: string): Promise<LiveVoice>;
  /** Holds a call until it ends (`stop` ends the calls held). */
  hold(callId: string, session: CallSession): void;
  release(callId: string): void;
}
