/** PCM16 little-endian mono as base64, the only audio the BidiGenerateContent protocol carries. */
export function pcmFromBase64(data: string): Int16Array {
  const bytes = Buffer.from(data, 'base64');
  const samples = new Int16Array(bytes.length >> 1);
  for (let index = 0; index < samples.length; index++) samples[index] = bytes.readInt16LE(index * 2);
  return samples;
}

/** Encodes samples as little-endian bytes in base64, whatever the host's byte order. */
export function pcmToBase64(samples: Int16Array): string {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let index = 0; index < samples.length; index++) bytes.writeInt16LE(samples[index]!, index * 2);
  return bytes.toString('base64');
}

/** Root mean square amplitude (0–32768): how loud a frame is. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}
