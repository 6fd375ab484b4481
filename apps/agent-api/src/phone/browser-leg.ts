import type { CallServerMessage } from '@lifeosai/api-contract';
import { FramePacer } from '@lifeosai/voice-audio';
import type { WebSocket } from 'ws';
import type { CallLeg, CallLegEvents } from './call-leg.ts';

/** The browser plays 20 ms frames; this many go ahead of real time (its playback buffer). */
const leadFrames = 5;
const frameMs = 20;

/** The browser leg: the call's leg plus what its socket handler feeds it. */
export interface BrowserLeg extends CallLeg {
  /** A binary frame from the microphone: PCM16 little-endian at the voice's input rate. */
  microphone(data: Buffer): void;
  /** Tells the browser something (`ready`, …). */
  tell(message: CallServerMessage): void;
}

/**
 * A call's leg over the browser's call socket (`@lifeosai/api-contract` `call-socket.ts`):
 * binary PCM16 both ways at the voice's own rates (no resampling), the agent's voice paced in
 * 20 ms frames so barge-in drops what the browser has not been sent yet; JSON for the
 * transcript, `clear`, `thinking` and `ended`.
 */
export function createBrowserLeg(
  socket: WebSocket,
  options: { rates: { input: number; output: number } },
  events: CallLegEvents,
): BrowserLeg {
  const open = () => socket.readyState === socket.OPEN;
  const tell = (message: CallServerMessage) => {
    if (open()) socket.send(JSON.stringify(message));
  };
  const pacer = new FramePacer({
    frameBytes: Math.round((options.rates.output * frameMs) / 1000) * 2,
    frameMs,
    leadFrames,
    send: (frame: Uint8Array) => {
      if (open()) socket.send(frame, { binary: true });
    },
  });
  let over = false;

  return {
    tell,
    microphone(data) {
      if (over || data.length < 2) return;
      // Copied: a Buffer's offset in its pool may be odd, an Int16Array's may not.
      const bytes = new Uint8Array(data.subarray(0, data.length - (data.length % 2)));
      events.audio(new Int16Array(bytes.buffer, 0, bytes.length / 2));
    },
    play(pcm) {
      if (!over) pacer.push(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    },
    endOfTurn() {
      if (!over) pacer.flushPadded(0);
    },
    clear() {
      if (over) return;
      pacer.clear();
      tell({ type: 'clear' });
    },
    async drained(timeoutMs) {
      if (over) return;
      await Promise.race([
        // What was sent ahead still plays in the browser after the last frame left.
        pacer.idle().then(() => new Promise((resolve) => setTimeout(resolve, leadFrames * frameMs))),
        new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
    },
    transcript(role, text, final) {
      tell({ type: 'transcript', role, text, final });
    },
    thinking(active, runId) {
      tell({ type: 'thinking', active, ...(runId && { runId }) });
    },
    hangUp(reason, failed) {
      if (over) return;
      over = true;
      pacer.stop();
      tell({ type: 'ended', reason, failed });
      socket.close(1000, 'call ended');
    },
  };
}
