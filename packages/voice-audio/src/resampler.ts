import { designPolyphaseFilter, type PolyphaseFilter } from './sinc-filter.ts';

/**
 * Streaming sample-rate conversion of PCM16 mono: a windowed-sinc polyphase FIR low-passed at
 * the lower rate's Nyquist, so 24 k → 8 k does not alias and 8 k → 16 k does not image.
 *
 * Contract: `push` takes chunks of any size and returns the output samples they complete; the
 * filter's memory carries across chunks, so chunked output equals one-shot output sample for
 * sample (no clicks at chunk borders). Output is time-aligned with the input: it holds back the
 * filter's half width (≈ 1–2 ms) until later input or `flush()` arrives. `flush()` returns the
 * rest, so a whole utterance comes out at `length · toRate / fromRate` samples (rounded up), and
 * resets the resampler for the next one. Equal rates copy.
 */
export class Resampler {
  readonly #filter: PolyphaseFilter | undefined;
  /** Input samples from absolute index `#bufferStart`, zeros before the first one. */
  #buffer: Float64Array;
  #bufferLength = 0;
  #bufferStart = 0;
  /** Input samples received since the start (or the last flush). */
  #received = 0;
  /** Index of the next output sample. */
  #nextOutput = 0;

  /** Input samples per second. */
  readonly fromRate: number;
  /** Output samples per second. */
  readonly toRate: number;

  /** Both rates are positive integers (Hz). */
  constructor(fromRate: number, toRate: number) {
    this.fromRate = fromRate;
    this.toRate = toRate;
    for (const rate of [fromRate, toRate]) {
      if (!Number.isInteger(rate) || rate <= 0)
        throw new RangeError(`sample rate must be a positive integer, got ${rate}`);
    }
    this.#filter = fromRate === toRate ? undefined : designPolyphaseFilter(fromRate, toRate);
    this.#buffer = new Float64Array(4096);
    this.#reset();
  }

  /** Feeds a chunk; returns the output samples it completed (possibly none). */
  push(pcm: Int16Array): Int16Array {
    if (!this.#filter) return pcm.slice();
    this.#append(pcm);
    this.#received += pcm.length;
    return this.#produce(this.#received);
  }

  /** Ends the utterance: returns the held-back tail, then starts afresh. */
  flush(): Int16Array {
    const filter = this.#filter;
    if (!filter) return new Int16Array(0);
    const total = this.#received;
    this.#append(new Int16Array(filter.halfTaps));
    const last = Math.ceil((total * filter.up) / filter.down);
    const tail = this.#produce(total + filter.halfTaps, last);
    this.#reset();
    return tail;
  }

  #reset(): void {
    const halfTaps = this.#filter?.halfTaps ?? 0;
    // The first outputs look back halfTaps samples before the start: zeros.
    this.#buffer.fill(0, 0, halfTaps);
    this.#bufferLength = halfTaps;
    this.#bufferStart = -halfTaps;
    this.#received = 0;
    this.#nextOutput = 0;
  }

  #append(pcm: Int16Array): void {
    const needed = this.#bufferLength + pcm.length;
    if (needed > this.#buffer.length) {
      const grown = new Float64Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#bufferLength));
      this.#buffer = grown;
    }
    this.#buffer.set(pcm, this.#bufferLength);
    this.#bufferLength = needed;
  }

  /** Computes outputs whose newest input is below `available`, up to `limit` if given. */
  #produce(available: number, limit = Number.POSITIVE_INFINITY): Int16Array {
    const { up, down, halfTaps, branches } = this.#filter as PolyphaseFilter;
    const taps = 2 * halfTaps + 1;
    // Output n needs inputs floor(n·down/up) − halfTaps … floor(n·down/up) + halfTaps.
    const lastByInput = Math.floor(((available - halfTaps) * up - 1) / down);
    const end = Math.min(limit, lastByInput + 1);
    const count = Math.max(0, end - this.#nextOutput);
    const out = new Int16Array(count);
    const buffer = this.#buffer;
    for (let index = 0; index < count; index++) {
      const n = this.#nextOutput + index;
      const position = n * down;
      const inputIndex = Math.floor(position / up);
      const branch = branches[position - inputIndex * up] as Float64Array;
      const first = inputIndex - halfTaps - this.#bufferStart;
      let sum = 0;
      for (let tap = 0; tap < taps; tap++) sum += (branch[tap] as number) * (buffer[first + tap] as number);
      out[index] = sum > 32767 ? 32767 : sum < -32768 ? -32768 : Math.round(sum);
    }
    this.#nextOutput += count;
    this.#discardConsumed(halfTaps);
    return out;
  }

  /** Drops inputs no later output will read, keeping the buffer short. */
  #discardConsumed(halfTaps: number): void {
    const { up, down } = this.#filter as PolyphaseFilter;
    const oldestNeeded = Math.floor((this.#nextOutput * down) / up) - halfTaps;
    const drop = Math.min(this.#bufferLength, oldestNeeded - this.#bufferStart);
    if (drop <= 0) return;
    this.#buffer.copyWithin(0, drop, this.#bufferLength);
    this.#bufferLength -= drop;
    this.#bufferStart += drop;
  }
}
