/*
 * The browser call's microphone (an AudioWorklet processor, loaded by
 * src/components/call/microphone.ts). It takes the first channel of its input at the
 * AudioContext's rate, brings it to `processorOptions.targetRate` (the bridge's
 * `ready.sampleRates.input`, 16 kHz) and posts PCM16 little-endian mono frames of
 * `processorOptions.frameSamples` samples (20 ms) to the page as transferred ArrayBuffers.
 *
 * Why here and not in the page: the audio thread runs every 128 samples whatever the page is
 * doing, so frames keep their pace while React renders. Why a file in public/ and not a blob
 * URL: the page's Content-Security-Policy allows scripts from this origin only.
 *
 * Downsampling (48 kHz → 16 kHz) averages the input samples of each output sample's span (a box
 * filter: it keeps speech's band and removes most of what would fold back into it); upsampling
 * (a context slower than the target) interpolates linearly.
 */
class CallMicrophone extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRate, frameSamples } = options.processorOptions;
    /** Input samples per output sample. */
    this.step = sampleRate / targetRate;
    this.frameSamples = frameSamples;
    this.frame = new Int16Array(frameSamples);
    this.filled = 0;
    // Downsampling: the running sum and count of the current span, and how far into it we are.
    this.sum = 0;
    this.count = 0;
    this.phase = 0;
    // Upsampling: the previous input sample and the position between it and the next one.
    this.previous = 0;
    this.position = 0;
  }

  /** Appends one output sample (−1…1) and posts the frame when it is full. */
  push(value) {
    const clamped = value < -1 ? -1 : Math.min(value, 1);
    this.frame[this.filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.filled < this.frameSamples) return;
    const bytes = new ArrayBuffer(this.frameSamples * 2);
    const view = new DataView(bytes);
    for (let i = 0; i < this.frameSamples; i++) view.setInt16(i * 2, this.frame[i], true);
    this.port.postMessage(bytes, [bytes]);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    if (this.step >= 1) {
      for (let i = 0; i < channel.length; i++) {
        this.sum += channel[i];
        this.count++;
        this.phase += 1;
        if (this.phase >= this.step) {
          this.push(this.sum / this.count);
          this.phase -= this.step;
          this.sum = 0;
          this.count = 0;
        }
      }
    } else {
      for (let i = 0; i < channel.length; i++) {
        const current = channel[i];
        while (this.position < 1) {
          this.push(this.previous + (current - this.previous) * this.position);
          this.position += this.step;
        }
        this.position -= 1;
        this.previous = current;
      }
    }
    return true;
  }
}

registerProcessor('call-microphone', CallMicrophone);
