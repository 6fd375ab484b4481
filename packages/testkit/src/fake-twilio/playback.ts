import { mulawToPcm16 } from '@lifeosai/voice-audio';

/** One `media` message the platform sent to the caller. */
export interface ReceivedFrame {
  /** Milliseconds since the caller was created, when the message arrived. */
  at: number;
  /** The μ-law bytes (160 for a 20 ms frame). */
  bytes: Uint8Array;
  /** The same audio decoded to PCM16 at 8 kHz. */
  pcm: Int16Array;
  /** When the phone would start playing it (ms since creation), after what came before. */
  playsAt: number;
  /** True when a `clear` came before it had played: the caller never heard it. */
  dropped: boolean;
}

/** A `clear` the platform sent, with what it cut off. */
export interface ClearRecord {
  /** When it arrived (ms since creation). */
  at: number;
  /** Indexes (into `frames`) of the frames it dropped before they played. */
  droppedFrames: number[];
}

/** A `mark` the platform sent, and when the phone echoed it back. */
export interface MarkRecord {
  name: string;
  /** When it arrived (ms since creation). */
  at: number;
  /** When it was echoed back: once the audio before it had played, or at a `clear`. */
  echoedAt?: number;
}

/**
 * What a phone does with the audio a Media Stream sends it: each frame plays after the one
 * before (8 bytes of μ-law a millisecond), a mark is echoed when the audio before it has played,
 * and a clear drops what has not played and echoes pending marks at once (as Twilio documents).
 */
export class Playback {
  readonly frames: ReceivedFrame[] = [];
  readonly clears: ClearRecord[] = [];
  readonly marks: MarkRecord[] = [];
  /** When everything received so far will have played. */
  #playedUntil = 0;
  #markTimers = new Map<MarkRecord, NodeJS.Timeout>();

  readonly #now: () => number;
  readonly #echoMark: (name: string) => void;

  /** `echoMark` sends a mark back on the stream; it must not throw. */
  constructor(now: () => number, echoMark: (name: string) => void) {
    this.#now = now;
    this.#echoMark = echoMark;
  }

  media(bytes: Uint8Array): void {
    const at = this.#now();
    const playsAt = Math.max(at, this.#playedUntil);
    this.#playedUntil = playsAt + bytes.length / 8;
    this.frames.push({ at, bytes, pcm: mulawToPcm16(bytes), playsAt, dropped: false });
  }

  mark(name: string): void {
    const record: MarkRecord = { name, at: this.#now() };
    this.marks.push(record);
    const wait = this.#playedUntil - record.at;
    if (wait <= 0) {
      this.#echo(record);
      return;
    }
    const timer = setTimeout(() => this.#echo(record), wait);
    timer.unref();
    this.#markTimers.set(record, timer);
  }

  clear(): void {
    const at = this.#now();
    const droppedFrames: number[] = [];
    this.frames.forEach((frame, index) => {
      if (!frame.dropped && frame.playsAt >= at) {
        frame.dropped = true;
        droppedFrames.push(index);
      }
    });
    this.clears.push({ at, droppedFrames });
    this.#playedUntil = at;
    for (const record of [...this.#markTimers.keys()]) this.#echo(record);
  }

  /** Stops pending mark echoes (the call is over). */
  stop(): void {
    for (const timer of this.#markTimers.values()) clearTimeout(timer);
    this.#markTimers.clear();
  }

  #echo(record: MarkRecord): void {
    clearTimeout(this.#markTimers.get(record));
    this.#markTimers.delete(record);
    record.echoedAt = this.#now();
    this.#echoMark(record.name);
  }
}
