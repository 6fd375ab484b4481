import { describe, expect, it } from 'vitest';
import { sine } from './analysis.ts';
import { readWav, WavFormatError, writeWav } from './wav.ts';

describe('WAV', () => {
  it('round-trips mono PCM16 with its rate', () => {
    const pcm = sine(440, 16_000, 100, 12_000);
    const file = writeWav(pcm, 16_000);
    expect(file.length).toBe(44 + pcm.length * 2);
    const read = readWav(file);
    expect(read.sampleRate).toBe(16_000);
    expect(read.channels).toBe(1);
    expect(read.pcm).toEqual(pcm);
  });

  it('mixes stereo down and skips unknown chunks', () => {
    const mono = writeWav(new Int16Array([0]), 8000);
    const header = new Uint8Array(mono.subarray(0, 36));
    const view = new DataView(header.buffer);
    view.setUint16(22, 2, true);
    const list = new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]));
    const data = new Uint8Array(8 + 8);
    data.set([...'data'].map((c) => c.charCodeAt(0)));
    const dataView = new DataView(data.buffer);
    dataView.setUint32(4, 8, true);
    dataView.setInt16(8, 100, true);
    dataView.setInt16(10, 300, true);
    dataView.setInt16(12, -100, true);
    dataView.setInt16(14, -301, true);
    const read = readWav(new Uint8Array([...header, ...list, ...data]));
    expect(read.channels).toBe(2);
    expect([...read.pcm]).toEqual([200, -200]);
  });

  it('refuses what is not 16-bit PCM WAV with a message that says what to do', () => {
    expect(() => readWav(new TextEncoder().encode('hello, not audio'))).toThrow(WavFormatError);
    const eightBit = writeWav(new Int16Array(4), 8000);
    new DataView(eightBit.buffer).setUint16(34, 8, true);
    expect(() => readWav(eightBit)).toThrow(/only 16-bit PCM/);
    const float = writeWav(new Int16Array(4), 8000);
    new DataView(float.buffer).setUint16(20, 3, true);
    expect(() => readWav(float)).toThrow(/format 3/);
    expect(() => readWav(writeWav(new Int16Array(4), 8000).subarray(0, 36))).toThrow(/no data chunk/);
  });
});
