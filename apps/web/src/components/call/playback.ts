/**
 * How far ahead of the clock the first frame after silence is scheduled: the network delivers
 * frames unevenly, and this much in hand keeps the next ones from arriving after their time.
 */
const leadSeconds = 0.08;

/**
 * The agent's voice: each binary frame (PCM16 little-endian mono at the bridge's output rate) is
 * an `AudioBufferSourceNode` scheduled to start exactly where the previous one ends, so the
 * frames play without gaps; `clear()` (barge-in) stops everything queued at once.
 */
export class CallPlayback {
  private readonly context: AudioContext;
  private readonly sampleRate: number;
  private readonly queued = new Set<AudioBufferSourceNode>();
  /** When the next frame starts, on the context's clock. */
  private nextStart = 0;

  constructor(context: AudioContext, sampleRate: number) {
    this.context = context;
    this.sampleRate = sampleRate;
  }

  /** Queues one frame; a frame of no whole sample is ignored. */
  play(frame: ArrayBuffer): void {
    const samples = Math.floor(frame.byteLength / 2);
    if (samples === 0) return;
    const view = new DataView(frame);
    const buffer = this.context.createBuffer(1, samples, this.sampleRate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples; i++) channel[i] = view.getInt16(i * 2, true) / 0x8000;
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const now = this.context.currentTime;
    if (this.nextStart < now) this.nextStart = now + leadSeconds;
    source.start(this.nextStart);
    this.nextStart += buffer.duration;
    this.queued.add(source);
    source.onended = () => this.queued.delete(source);
  }

  /** Drops every frame queued or playing (the caller spoke over the agent). */
  clear(): void {
    for (const source of this.queued) {
      source.onended = null;
      source.stop();
      source.disconnect();
    }
    this.queued.clear();
    this.nextStart = 0;
  }

  /** True while frames are queued or playing. */
  get speaking(): boolean {
    return this.queued.size > 0;
  }
}
