import { describe, expect, it } from 'vitest';
import { callLength, costSplit } from './call-format.ts';

describe('how calls are shown', () => {
  it('says a call length in seconds, minutes or hours', () => {
    expect(callLength(null)).toBe('—');
    expect(callLength(0)).toBe('0 s');
    expect(callLength(45)).toBe('45 s');
    expect(callLength(185)).toBe('3 min 05 s');
    expect(callLength(3720)).toBe('1 h 02 min');
  });

  it('splits the cost between the voice model and the runs', () => {
    const voice = {
      provider: 'gemini',
      inputAudioTokens: 1,
      inputTextTokens: 0,
      outputAudioTokens: 1,
      outputTextTokens: 0,
      costUsd: 0.012,
    };
    expect(costSplit({ costUsd: 0.05, voice })).toEqual({ total: 0.05, voice: 0.012, runs: 0.05 - 0.012 });
    expect(costSplit({ costUsd: null, voice })).toEqual({ total: null, voice: 0.012, runs: null });
    expect(costSplit({ costUsd: 0.03, voice: null })).toEqual({ total: 0.03, voice: null, runs: null });
  });
});
