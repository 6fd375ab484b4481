import { mulawSilence } from './mulaw.ts';

/** How a `FramePacer` frames and sends. */
export interface FramePacerOptions {
  /** Bytes per frame (160 for 20 ms of μ-law at 8 kHz). Every frame sent has exactly this size. */
  frameBytes: number;
  /** Playback length of one frame in milliseconds (default 20). */
  frameMs?: number;
  /** How many frames may be sent ahead of real time, so the far end never starves (default 3). */
  leadFrames?: number;
  /** Contract: called with one whole frame at a time, in order; must not throw. */
  send(frame: Uint8Array): void;
  /** Milliseconds on a monotonic clock (default `performance.now`); injectable for tests. */
  now?: () => number;
}

/**
 * Sends audio in fixed-size frames at real-time pace. The schedule is drift-free: frame n of a
 * stretch of speech is due at `start + n · frameMs` (not a chain of timer intervals), and at most
 * `leadFrames` are sent before they are due. When the queue runs dry for longer than the frames
 * sent ahead, the next audio starts a new stretch. A trailing partial frame waits for more bytes,
 * or for `flushPadded()` at the end of the speaker's turn.
 */
export class FramePacer {
  readonly #frameBytes: number;
  readonly #frameMs: number;
  readonly #leadFrames: number;
  readonly #send: (frame: Uint8Array) => void;
  readonly #now: () => number;
  /** Queued chunks; the first one is read from `#headOffset`. */
  #chunks: Uint8Array[] = [];
  #headOffset = 0;
  #queuedBytes = 0;
  /** Start of the current stretch, and frames sent in it. */
  #stretchStart = 0;
  #framesSent = 0;
  #timer: NodeJS.Timeout | undefined;
  #idleWaiters: Array<() => void> = [];
  #stopped = false;

  constructor(options: FramePacerOptions) {
    if (!Number.isInteger(options.frameBytes) || options.frameBytes <= 0)
      throw new RangeError('frameBytes must be a positive integer');
    this.#frameBytes = options.frameBytes;
    this.#frameMs = options.frameMs ?? 20;
    this.#leadFrames = Math.max(0, options.leadFrames ?? 3);
    this.#send = options.send;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Milliseconds of audio queued and not yet sent (a partial frame included). */
  get queuedMs(): number {
    return (this.#queuedBytes / this.#frameBytes) * this.#frameMs;
  }

  /** Queues bytes to send; whole frames go out as their time comes. Ignored after `stop()`. */
  push(bytes: Uint8Array): void {
    if (this.#stopped || bytes.length === 0) return;
    // Nothing was waiting and the far end has played all that was sent: a new stretch begins.
    // (Only here: a timer firing on time is exactly at the end of what was sent, not past it.)
    const now = this.#now();
    if (!this.#timer && now >= this.#stretchStart + this.#framesSent * this.#frameMs) {
      this.#stretchStart = now;
      this.#framesSent = 0;
    }
    this.#chunks.push(bytes.slice());
    this.#queuedBytes += bytes.length;
    this.#pump();
  }

  /** Pads a trailing partial frame with `fill` (μ-law silence by default) so it goes out too. */
  flushPadded(fill = mulawSilence): void {
    const partial = this.#queuedBytes % this.#frameBytes;
    if (partial === 0) return;
    this.push(new Uint8Array(this.#frameBytes - partial).fill(fill));
  }

  /** Drops everything queued at once (barge-in); the next audio starts a new stretch. */
  clear(): void {
    this.#chunks = [];
    this.#headOffset = 0;
    this.#queuedBytes = 0;
    this.#framesSent = 0;
    this.#cancelTimer();
    this.#resolveIdle();
  }

  /**
   * Resolves when no whole frame is left to send (at once if none is). A partial frame does not
   * hold it: call `flushPadded()` first to have it sent. Also resolves on `clear()` and `stop()`.
   */
  idle(): Promise<void> {
    if (this.#queuedBytes < this.#frameBytes) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops the queue and ends the timer for good; later pushes are ignored. */
  stop(): void {
    this.#stopped = true;
    this.clear();
  }

  #pump(): void {
    if (this.#timer || this.#stopped) return;
    const now = this.#now();
    while (this.#queuedBytes >= this.#frameBytes) {
      const dueAt = this.#stretchStart + (this.#framesSent - this.#leadFrames) * this.#frameMs;
      if (dueAt > now) {
        this.#timer = setTimeout(
          () => {
            this.#timer = undefined;
            this.#pump();
          },
          Math.ceil(dueAt - now),
        );
        this.#timer.unref();
        return;
      }
      this.#framesSent++;
      this.#send(this.#takeFrame());
    }
    this.#resolveIdle();
  }

  #takeFrame(): Uint8Array {
    const frame = new Uint8Array(this.#frameBytes);
    let filled = 0;
    while (filled < this.#frameBytes) {
      const head = this.#chunks[0] as Uint8Array;
      const take = Math.min(this.#frameBytes - filled, head.length - this.#headOffset);
      frame.set(head.subarray(this.#headOffset, this.#headOffset + take), filled);
      filled += take;
      this.#headOffset += take;
      if (this.#headOffset === head.length) {
        this.#chunks.shift();
        this.#headOffset = 0;
      }
    }
    this.#queuedBytes -= this.#frameBytes;
    return frame;
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #resolveIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
