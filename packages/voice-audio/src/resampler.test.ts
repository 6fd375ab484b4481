import { describe, expect, it } from 'vitest';
import { dominantFrequency, goertzel, sine } from './analysis.ts';
import { Resampler } from './resampler.ts';

/** Resamples in one go: push then flush. */
function oneShot(pcm: Int16Array, from: number, to: number): Int16Array {
  const resampler = new Resampler(from, to);
  const head = resampler.push(pcm);
  const tail = resampler.flush();
  const out = new Int16Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

/** Resamples in chunks of the given sizes (cycled), as a stream arrives. */
function chunked(pcm: Int16Array, from: number, to: number, sizes: number[]): Int16Array {
  const resampler = new Resampler(from, to);
  const parts: Int16Array[] = [];
  for (let offset = 0, turn = 0; offset < pcm.length; turn++) {
    const size = sizes[turn % sizes.length] as number;
    parts.push(resampler.push(pcm.subarray(offset, offset + size)));
    offset += size;
  }
  parts.push(resampler.flush());
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The middle of a signal, away from the edges where a tone starts from and ends in silence. */
const middle = (pcm: Int16Array) =>
  pcm.subarray(Math.floor(pcm.length / 4), Math.floor((pcm.length * 3) / 4));

describe('Resampler', () => {
  const cases: Array<[number, number, number]> = [
    [8000, 16_000, 440],
    [8000, 16_000, 1000],
    [16_000, 8000, 1000],
    [24_000, 8000, 440],
    [24_000, 8000, 1000],
    [16_000, 24_000, 1000],
    [24_000, 16_000, 1000],
    [48_000, 16_000, 440],
  ];
  it.each(cases)('%i → %i Hz keeps a %i Hz tone’s frequency, level and length', (from, to, frequency) => {
    const out = oneShot(sine(frequency, from, 500, 10_000), from, to);
    expect(out.length).toBe((to * 500) / 1000);
    expect(dominantFrequency(middle(out), to)).toBeCloseTo(frequency, 0);
    expect(goertzel(middle(out), to, frequency)).toBeGreaterThan(9_800);
    expect(goertzel(middle(out), to, frequency)).toBeLessThan(10_200);
  });

  it('stays in phase: output sample n sits at input time n / toRate', () => {
    const out = oneShot(sine(440, 24_000, 200, 10_000), 24_000, 8000);
    const expected = sine(440, 8000, 200, 10_000);
    for (let n = 400; n < 1200; n += 37)
      expect(Math.abs((out[n] as number) - (expected[n] as number))).toBeLessThan(150);
  });

  it('streams in chunks of any size exactly as in one go', () => {
    const speech = new Int16Array(sine(700, 24_000, 300, 9000).length * 2);
    speech.set(sine(700, 24_000, 300, 9000));
    speech.set(sine(1300, 24_000, 300, 6000), speech.length / 2);
    for (const [from, to] of [
      [24_000, 8000],
      [8000, 16_000],
      [24_000, 16_000],
      [16_000, 24_000],
    ] as const) {
      const input = from === 24_000 ? speech : sine(900, from, 400, 8000);
      expect(chunked(input, from, to, [480, 1, 7, 160, 333])).toEqual(oneShot(input, from, to));
    }
  });

  it('filters out what the lower rate cannot carry: a 5 kHz tone at 24 k does not alias to 3 kHz at 8 k', () => {
    const out = middle(oneShot(sine(5000, 24_000, 500, 20_000), 24_000, 8000));
    // Folded without a filter it would read ~20 000 at 3 kHz; the stop band is ≥ 60 dB down.
    expect(goertzel(out, 8000, 3000)).toBeLessThan(20);
  });

  it('does not image when upsampling: 1 kHz at 8 k leaves nothing at 7 kHz at 16 k', () => {
    const out = middle(oneShot(sine(1000, 8000, 500, 20_000), 8000, 16_000));
    expect(goertzel(out, 16_000, 7000)).toBeLessThan(20);
  });

  it('copies at equal rates, resets after flush and refuses nonsense rates', () => {
    const resampler = new Resampler(16_000, 16_000);
    const input = sine(300, 16_000, 10, 1000);
    const copy = resampler.push(input);
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(resampler.flush().length).toBe(0);
    const down = new Resampler(24_000, 8000);
    const first = [...down.push(input), ...down.flush()];
    expect([...down.push(input), ...down.flush()]).toEqual(first);
    expect(() => new Resampler(0, 8000)).toThrow(RangeError);
    expect(() => new Resampler(8000, 11_025.5)).toThrow(RangeError);
  });
});
