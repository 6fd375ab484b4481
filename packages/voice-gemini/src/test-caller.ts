import type { VoiceEvent, VoiceSession } from '@lifeosai/voice-spec';

/** 20 ms of a loud 16 kHz tone, or of silence: what a caller's microphone sends. */
export function frame(loud: boolean, offset = 0): Int16Array {
  const samples = new Int16Array(320);
  if (loud)
    for (let i = 0; i < samples.length; i++)
      samples[i] = Math.round(8000 * Math.sin(((offset + i) * 2 * Math.PI * 220) / 16_000));
  return samples;
}

/** Says something (300 ms of tone) then stays silent 500 ms, faster than real time. */
export function speak(session: VoiceSession, loudFrames = 15, quietFrames = 25): Int16Array[] {
  const sent: Int16Array[] = [];
  for (let i = 0; i < loudFrames + quietFrames; i++) sent.push(frame(i < loudFrames, i * 320));
  for (const pcm of sent) session.sendAudio(pcm);
  return sent;
}

/** Collects a session's events and waits for one. */
export class EventLog {
  readonly events: VoiceEvent[] = [];
  /** Runs right after an event is logged, inside the provider's callback. */
  hook: ((event: VoiceEvent) => void) | undefined;
  readonly onEvent = (event: VoiceEvent) => {
    this.events.push(event);
    this.hook?.(event);
  };

  of<T extends VoiceEvent['type']>(type: T): Array<Extract<VoiceEvent, { type: T }>> {
    return this.events.filter((event): event is Extract<VoiceEvent, { type: T }> => event.type === type);
  }

  /** The concatenated transcript pieces of one side. */
  said(role: 'caller' | 'agent'): string {
    return this.of('transcript')
      .filter((event) => event.role === role)
      .map((event) => event.text)
      .join('');
  }

  async waitFor(predicate: (event: VoiceEvent) => boolean, timeoutMs = 5_000): Promise<VoiceEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no such event; got ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
