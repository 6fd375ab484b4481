// Signal checks for tests and the benchmark: known tones in, measured frequency and level out.

/** A sine tone as PCM16: `amplitude` is the peak in sample units (e.g. 10 000 of 32 767). */
export function sine(frequency: number, sampleRate: number, ms: number, amplitude: number): Int16Array {
  const length = Math.round((sampleRate * ms) / 1000);
  const pcm = new Int16Array(length);
  const step = (2 * Math.PI * frequency) / sampleRate;
  for (let i = 0; i < length; i++) pcm[i] = Math.round(amplitude * Math.sin(step * i));
  return pcm;
}

/** Root mean square of the samples, in sample units (a full-scale sine is ~23 170). */
export function rms(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += (pcm[i] as number) ** 2;
  return Math.sqrt(sum / pcm.length);
}

/**
 * The peak amplitude (sample units) of one frequency in the signal, by the Goertzel algorithm:
 * a sine of amplitude A at exactly `frequency` measures ≈ A, other frequencies ≈ 0 (leakage
 * falls off with the signal's length, so give it at least ~100 ms).
 */
export function goertzel(pcm: Int16Array, sampleRate: number, frequency: number): number {
  if (pcm.length === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < pcm.length; i++) {
    const current = (pcm[i] as number) + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power =
    previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return (2 * Math.sqrt(Math.max(0, power))) / pcm.length;
}

/** `goertzel`'s amplitude in dB relative to full scale (32 767); -Infinity for silence. */
export function toneLevel(pcm: Int16Array, sampleRate: number, frequency: number): number {
  return 20 * Math.log10(goertzel(pcm, sampleRate, frequency) / 32767);
}

/**
 * The strongest frequency in the signal (Hz): a Hann-windowed FFT over the largest power-of-two
 * stretch of samples (up to 65 536), refined between bins by parabolic interpolation.
 */
export function dominantFrequency(pcm: Int16Array, sampleRate: number): number {
  let size = 1;
  while (size * 2 <= Math.min(pcm.length, 65_536)) size *= 2;
  if (size < 16) return 0;
  const real = new Float64Array(size);
  const imaginary = new Float64Array(size);
  for (let i = 0; i < size; i++)
    real[i] = (pcm[i] as number) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1)));
  fft(real, imaginary);
  const magnitude = (bin: number) => Math.hypot(real[bin] as number, imaginary[bin] as number);
  let best = 1;
  for (let bin = 2; bin < size / 2; bin++) if (magnitude(bin) > magnitude(best)) best = bin;
  const [left, centre, right] = [magnitude(best - 1), magnitude(best), magnitude(best + 1)].map((value) =>
    Math.log(value + 1e-12),
  ) as [number, number, number];
  const denominator = left - 2 * centre + right;
  const offset = denominator === 0 ? 0 : (0.5 * (left - right)) / denominator;
  return ((best + offset) * sampleRate) / size;
}

/** In-place iterative radix-2 FFT; the length must be a power of two. */
function fft(real: Float64Array, imaginary: Float64Array): void {
  const size = real.length;
  for (let i = 1, j = 0; i < size; i++) {
    let bit = size >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [real[i], real[j]] = [real[j] as number, real[i] as number];
      [imaginary[i], imaginary[j]] = [imaginary[j] as number, imaginary[i] as number];
    }
  }
  for (let length = 2; length <= size; length <<= 1) {
    const angle = (-2 * Math.PI) / length;
    for (let start = 0; start < size; start += length) {
      for (let k = 0; k < length / 2; k++) {
        const cos = Math.cos(angle * k);
        const sin = Math.sin(angle * k);
        const a = start + k;
        const b = a + length / 2;
        const tr = (real[b] as number) * cos - (imaginary[b] as number) * sin;
        const ti = (real[b] as number) * sin + (imaginary[b] as number) * cos;
        real[b] = (real[a] as number) - tr;
        imaginary[b] = (imaginary[a] as number) - ti;
        real[a] = (real[a] as number) + tr;
        imaginary[a] = (imaginary[a] as number) + ti;
      }
    }
  }
}
