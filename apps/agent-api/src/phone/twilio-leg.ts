import { FramePacer, mulawSilence, mulawToPcm16, pcm16ToMulaw, Resampler } from '@lifeosai/voice-audio';
import type { WebSocket } from 'ws';
import type { CallLeg, CallLegEvents } from './call-leg.ts';

/** A phone line's audio: μ-law, 8 kHz mono, sent in 20 ms frames of 160 bytes. */
export const twilioAudio = { sampleRate: 8_000, frameBytes: 160, frameMs: 20 } as const;
/** Frames sent ahead of real time, so Twilio's jitter buffer never runs dry. */
const leadFrames = 3;

/** The Twilio leg: the call's leg plus what its stream handler feeds it. */
export interface TwilioLeg extends CallLeg {
  /** A `media` message's payload (base64 μ-law). */
  media(payload: string): void;
  /** A `mark` came back: Twilio played up to it. */
  marked(name: string): void;
}

/**
 * A call's leg over a Twilio bidirectional Media Stream: caller μ-law 8 kHz → PCM16 → the
 * voice's input rate; the voice's output → 8 kHz → μ-law, paced out as 20 ms `media` frames.
 * Barge-in drops the queue and sends Twilio `clear` (which drops what it buffered). A `mark`
 * after the last frame tells when the caller has heard everything (a goodbye before hanging
 * up). Hanging up closes the stream: Twilio then fetches the `<Connect action>`.
 */
export function createTwilioLeg(
  socket: WebSocket,
  options: { streamSid: string; rates: { input: number; output: number } },
  events: CallLegEvents,
): TwilioLeg {
  const { streamSid } = options;
  const toVoice = new Resampler(twilioAudio.sampleRate, options.rates.input);
  const fromVoice = new Resampler(options.rates.output, twilioAudio.sampleRate);
  const send = (message: Record<string, unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ ...message, streamSid }));
  };
  const pacer = new FramePacer({
    frameBytes: twilioAudio.frameBytes,
    frameMs: twilioAudio.frameMs,
    leadFrames,
    send: (frame: Uint8Array) =>
      send({ event: 'media', media: { payload: Buffer.from(frame).toString('base64') } }),
  });
  const marks = new Map<string, () => void>();
  let markCount = 0;
  let over = false;

  return {
    media(payload) {
      if (over) return;
      const mulaw = new Uint8Array(Buffer.from(payload, 'base64'));
      if (mulaw.length > 0) events.audio(toVoice.push(mulawToPcm16(mulaw)));
    },
    marked(name) {
      marks.get(name)?.();
    },
    play(pcm) {
      if (over) return;
      const narrow = fromVoice.push(pcm);
      if (narrow.length > 0) pacer.push(pcm16ToMulaw(narrow));
    },
    endOfTurn() {
      if (over) return;
      const tail = fromVoice.flush();
      if (tail.length > 0) pacer.push(pcm16ToMulaw(tail));
      pacer.flushPadded(mulawSilence);
    },
    clear() {
      if (over) return;
      fromVoice.flush();
      pacer.clear();
      send({ event: 'clear' });
    },
    async drained(timeoutMs) {
      if (over) return;
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([
        (async () => {
          await pacer.idle();
          const name = `drained-${++markCount}`;
          const played = new Promise<void>((resolve) => marks.set(name, resolve));
          send({ event: 'mark', mark: { name } });
          await played;
          marks.delete(name);
        })(),
        deadline,
      ]);
    },
    transcript() {},
    thinking() {},
    hangUp() {
      if (over) return;
      over = true;
      pacer.stop();
      for (const resolve of marks.values()) resolve();
      socket.close(1000, 'call ended');
    },
  };
}
