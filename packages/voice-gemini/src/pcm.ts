/** PCM16 samples as little-endian bytes in base64 (what `realtimeInput.audio` carries), on any host. */
export function encodePcm16(pcm: Int16Array): string {
  const bytes = Buffer.alloc(pcm.length * 2);
  for (let index = 0; index < pcm.length; index++) bytes.writeInt16LE(pcm[index]!, index * 2);
  return bytes.toString('base64');
}

/**
 * Turns base64 little-endian PCM16 chunks into samples. A chunk may end mid-sample (an odd byte
 * count); that byte is kept and joined to the next chunk instead of being dropped or misaligning
 * every later sample.
 */
export class Pcm16Decoder {
  private carry: Buffer | undefined;

  /** The whole samples available after this chunk (possibly none). */
  decode(base64: string): Int16Array {
    let bytes = Buffer.from(base64, 'base64');
    if (this.carry) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    const whole = bytes.length - (bytes.length % 2);
    if (whole < bytes.length) this.carry = Buffer.from(bytes.subarray(whole));
    const samples = new Int16Array(whole / 2);
    for (let index = 0; index < samples.length; index++) samples[index] = bytes.readInt16LE(index * 2);
    return samples;
  }

  /** Drops a dangling half sample (the turn was interrupted or ended). */
  reset(): void {
    this.carry = undefined;
  }
}
