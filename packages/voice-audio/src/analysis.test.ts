import { describe, expect, it } from 'vitest';
import { dominantFrequency, goertzel, rms, sine, toneLevel } from './analysis.ts';

describe('signal analysis', () => {
  it('measures a known tone', () => {
    const tone = sine(1000, 8000, 500, 10_000);
    expect(tone.length).toBe(4000);
    expect(goertzel(tone, 8000, 1000)).toBeCloseTo(10_000, -2);
    expect(goertzel(tone, 8000, 2000)).toBeLessThan(50);
    expect(rms(tone)).toBeCloseTo(10_000 / Math.SQRT2, -1);
    expect(toneLevel(tone, 8000, 1000)).toBeCloseTo(20 * Math.log10(10_000 / 32_767), 1);
    expect(dominantFrequency(tone, 8000)).toBeCloseTo(1000, 0);
    expect(dominantFrequency(sine(440, 24_000, 300, 5000), 24_000)).toBeCloseTo(440, 0);
  });

  it('reads silence and empty input as nothing', () => {
    expect(rms(new Int16Array(0))).toBe(0);
    expect(goertzel(new Int16Array(0), 8000, 1000)).toBe(0);
    expect(toneLevel(new Int16Array(100), 8000, 1000)).toBe(Number.NEGATIVE_INFINITY);
    expect(dominantFrequency(new Int16Array(4), 8000)).toBe(0);
  });
});
