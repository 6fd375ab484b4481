import { describe, expect, it } from 'vitest';
import { endReasonSentence, microphoneProblemWords, socketClosedWords } from './call-words.ts';

describe('what the call panel says', () => {
  it('each microphone problem says what to do', () => {
    expect(microphoneProblemWords('refused')).toMatch(/refused.*Allow the microphone/);
    expect(microphoneProblemWords('missing')).toMatch(/No microphone.*Plug one in/);
    expect(microphoneProblemWords('busy')).toMatch(/another app/);
    expect(microphoneProblemWords('insecure')).toMatch(/HTTPS/);
    expect(microphoneProblemWords('unsupported')).toMatch(/browser/);
  });

  it('a socket closed before the call was connected was refused; after, it was cut off', () => {
    expect(socketClosedWords(false, 1006, '')).toMatch(/could not be connected.*signed in/);
    expect(socketClosedWords(false, 4403, 'not your agent')).toBe('The call was refused: not your agent');
    expect(socketClosedWords(true, 1006, '')).toMatch(/cut off.*network/);
    expect(socketClosedWords(true, 1000, '')).toBe('The call ended.');
  });

  it("the bridge's end reason reads as a sentence", () => {
    expect(endReasonSentence('the caller hung up')).toBe('The caller hung up.');
    expect(endReasonSentence('Add a Gemini API key in Settings.')).toBe('Add a Gemini API key in Settings.');
    expect(endReasonSentence(' ')).toBe('The call ended.');
  });
});
