/**
 * The caller's side of a call, whatever carries it (a Twilio media stream, the browser's
 * socket). A leg turns its transport's audio into PCM16 at the voice's input rate for
 * `CallLegEvents.audio`, and plays PCM16 at the voice's output rate, paced in real time.
 * Contract: no method throws; after `hangUp` every method is a no-op.
 */
export interface CallLeg {
  /** Model speech (PCM16 at the voice's output rate): queued and played in order, in real time. */
  play(pcm: Int16Array): void;
  /** The model finished a turn: the tail of its audio is played out (a partial last frame padded). */
  endOfTurn(): void;
  /** Barge-in: everything queued and playing is dropped at once. */
  clear(): void;
  /** Resolves once all queued audio has played to the caller, or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void>;
  /** A piece of the live transcript (the browser shows it; a phone line has nowhere to). */
  transcript(role: 'caller' | 'agent', text: string, final: boolean): void;
  /** The agent works on a question (`runId` once its run exists), or has answered. */
  thinking(active: boolean, runId?: string): void;
  /** Ends the call on the caller's side (a phone line's stream closes; the browser reads `ended`). */
  hangUp(reason: string, failed: boolean): void;
}

/** What a leg tells its call. Contract: handlers never throw. */
export interface CallLegEvents {
  /** Caller audio, PCM16 at the voice's input rate. */
  audio(pcm: Int16Array): void;
  /** The caller's side is gone (hung up, socket closed); `reason` in words. */
  closed(reason: string): void;
}
