import { describe, expect, it } from 'vitest';
import { mulawSilence, mulawToPcm16, pcm16ToMulaw } from './mulaw.ts';

describe('μ-law', () => {
  it('round-trips every sample within G.711 step error (≤ 3.2 % of the magnitude + 8)', () => {
    const samples = new Int16Array(65_536);
    for (let i = 0; i < samples.length; i++) samples[i] = i - 32_768;
    const back = mulawToPcm16(pcm16ToMulaw(samples));
    // Segment steps double with magnitude: the error stays under ~3.2 % of it, plus 8 near 0.
    const beyondBound: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      const original = samples[i] as number;
      if (Math.abs((back[i] as number) - original) > Math.abs(original) * 0.032 + 8)
        beyondBound.push(original);
    }
    expect(beyondBound).toEqual([]);
  });

  it('keeps sign and order, and silence is 0xFF', () => {
    const encoded = pcm16ToMulaw(new Int16Array([0, 1000, -1000, 32767, -32768]));
    expect(encoded[0]).toBe(mulawSilence);
    const decoded = mulawToPcm16(encoded);
    expect(decoded[0]).toBe(0);
    expect(decoded[1]).toBeGreaterThan(900);
    expect(decoded[2]).toBeLessThan(-900);
    expect(decoded[3]).toBeGreaterThan(30_000);
    expect(decoded[4]).toBeLessThan(-30_000);
    expect(encoded.length).toBe(5);
  });

  it('decodes every byte to a value that encodes back to the same byte (except the duplicate zero)', () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const again = pcm16ToMulaw(mulawToPcm16(bytes));
    const differing = [...bytes].filter((byte, i) => again[i] !== byte);
    // 0x7F is "negative zero": it decodes to 0, which encodes as 0xFF.
    expect(differing).toEqual([0x7f]);
  });
});
