import { pcmToBase64 } from './pcm.ts';
import { OUTPUT_RATE, synthesizeSpeech } from './synthetic-voice.ts';

/** How an utterance ended: fully spoken, or cut (barge-in, a newer answer, a closed socket). */
export interface UtteranceEnd {
  /** The words sent before it ended (all of them when not cut). */
  spoken: string;
  /** Audio sent, in milliseconds. */
  audioMs: number;
  /** Whether it was cut before its end. */
  cut: boolean;
}

/** Pacing of the synthetic voice. */
export interface SpeakerPacing {
  msPerChar: number;
  chunkMs: number;
  speedUp: number;
}

/**
 * Speaks utterances one after another the way Gemini Live streams a model turn: audio chunks of
 * `chunkMs` at real-time pace (÷ `speedUp`), the output transcription word by word in step with
 * the audio, then `generationComplete`. `onEnd` gets each utterance's end (the caller adds
 * `turnComplete` and usage).
 */
export class Speaker {
  private readonly queue: string[] = [];
  private current: { timer: NodeJS.Timeout; finish: (cut: boolean) => void } | undefined;

  private readonly send: (message: Record<string, unknown>) => void;
  private readonly pacing: SpeakerPacing;
  private readonly onEnd: (end: UtteranceEnd) => void;

  constructor(
    send: (message: Record<string, unknown>) => void,
    pacing: SpeakerPacing,
    onEnd: (end: UtteranceEnd) => void,
  ) {
    this.send = send;
    this.pacing = pacing;
    this.onEnd = onEnd;
  }

  /** Whether an utterance is being sent. */
  get speaking(): boolean {
    return this.current !== undefined;
  }

  /** Queues an utterance (spoken after the current one). */
  say(text: string): void {
    this.queue.push(text);
    if (!this.current) this.next();
  }

  /** Cuts the current utterance and drops the queue; says whether anything was being spoken. */
  cut(): boolean {
    this.queue.length = 0;
    if (!this.current) return false;
    this.current.finish(true);
    return true;
  }

  private next(): void {
    const text = this.queue.shift();
    if (text === undefined) return;
    const samples = synthesizeSpeech(text, this.pacing.msPerChar);
    const words = text.split(/\s+/).filter(Boolean);
    const chunkSamples = Math.round((this.pacing.chunkMs / 1000) * OUTPUT_RATE);
    let offset = 0;
    let wordsSent = 0;
    const finish = (cut: boolean) => {
      clearTimeout(this.current?.timer);
      this.current = undefined;
      if (!cut) this.send({ serverContent: { generationComplete: true } });
      this.onEnd({
        spoken: words.slice(0, wordsSent).join(' '),
        audioMs: (offset / OUTPUT_RATE) * 1000,
        cut,
      });
      if (!cut) this.next();
    };
    const tick = () => {
      const piece = samples.subarray(offset, offset + chunkSamples);
      offset += piece.length;
      this.send({
        serverContent: {
          modelTurn: {
            parts: [{ inlineData: { mimeType: `audio/pcm;rate=${OUTPUT_RATE}`, data: pcmToBase64(piece) } }],
          },
        },
      });
      const due = Math.ceil((words.length * offset) / samples.length);
      if (due > wordsSent) {
        const piece = words.slice(wordsSent, due).join(' ');
        this.send({ serverContent: { outputTranscription: { text: wordsSent ? ` ${piece}` : piece } } });
        wordsSent = due;
      }
      if (offset >= samples.length) return finish(false);
      this.current!.timer = setTimeout(tick, this.pacing.chunkMs / this.pacing.speedUp);
    };
    this.current = { timer: setTimeout(tick, 0), finish };
  }
}
