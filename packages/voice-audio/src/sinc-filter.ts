// The low-pass filter behind the resampler: a Kaiser-windowed sinc, split into polyphase
// branches so each output sample costs one short dot product at the input rate.

/** Zero crossings of the sinc kept on each side: ~750 Hz transition for 24 k → 8 k. */
const zeroCrossings = 24;
/** Kaiser β for ~80 dB stop-band attenuation (β = 0.1102 · (A − 8.7)). */
const kaiserBeta = 7.9;
/** The pass band ends at this share of the lower Nyquist, so the transition band ends near it. */
const passShare = 0.9;

/** A rational-ratio polyphase filter: `toRate / fromRate = up / down` in lowest terms. */
export interface PolyphaseFilter {
  /** Interpolation factor L. */
  up: number;
  /** Decimation factor M. */
  down: number;
  /** Input samples each side of an output's centre: each branch has `2 · halfTaps + 1` taps. */
  halfTaps: number;
  /** `up` branches, each with its taps in input order (oldest first), gain already `up`. */
  branches: Float64Array[];
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** Zeroth-order modified Bessel function of the first kind, for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return sum;
}

/** Designs the filter for one rate pair (both positive integers, different). */
export function designPolyphaseFilter(fromRate: number, toRate: number): PolyphaseFilter {
  const divisor = greatestCommonDivisor(fromRate, toRate);
  const up = toRate / divisor;
  const down = fromRate / divisor;
  // Cut-off as a fraction of the upsampled rate (fromRate · up).
  const cutoff = (passShare * Math.min(fromRate, toRate)) / 2 / (fromRate * up);
  const halfTaps = Math.ceil(zeroCrossings / (2 * cutoff) / up);
  const centre = halfTaps * up;
  const width = 2 * centre + 1;
  const window = besselI0(kaiserBeta);
  const prototype = new Float64Array(width);
  for (let k = 0; k < width; k++) {
    const t = k - centre;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const ratio = t / (centre + 1);
    prototype[k] = (up * sinc * besselI0(kaiserBeta * Math.sqrt(Math.max(0, 1 - ratio * ratio)))) / window;
  }
  // Branch φ holds prototype[φ + j·up] for input sample (newest − j); stored oldest first.
  const tapsPerBranch = 2 * halfTaps + 1;
  const branches: Float64Array[] = [];
  for (let phase = 0; phase < up; phase++) {
    const taps = new Float64Array(tapsPerBranch);
    for (let j = 0; j < tapsPerBranch; j++) taps[tapsPerBranch - 1 - j] = prototype[phase + j * up] ?? 0;
    branches.push(taps);
  }
  return { up, down, halfTaps, branches };
}
