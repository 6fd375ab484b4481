import { rms } from './pcm.ts';

/**
 * Finds the end of the caller's speech by energy, in audio time (so a test may push audio faster
 * than real time): frames above `threshold` are speech; `silenceMs` of quieter audio after speech
 * ends the utterance.
 */
export class EndOfSpeechDetector {
  private speaking = false;
  private silentMs = 0;

  private readonly threshold: number;
  private readonly silenceMs: number;
  private readonly sampleRate: number;

  constructor(threshold: number, silenceMs: number, sampleRate: number) {
    this.threshold = threshold;
    this.silenceMs = silenceMs;
    this.sampleRate = sampleRate;
  }

  /** Whether the caller is mid-utterance. */
  get inSpeech(): boolean {
    return this.speaking;
  }

  /** Feeds a frame; says whether it is loud (`voiced`) and whether it ended an utterance (`ended`). */
  push(samples: Int16Array): { voiced: boolean; ended: boolean } {
    const voiced = rms(samples) > this.threshold;
    if (voiced) {
      this.speaking = true;
      this.silentMs = 0;
      return { voiced, ended: false };
    }
    if (!this.speaking) return { voiced, ended: false };
    this.silentMs += (samples.length / this.sampleRate) * 1000;
    if (this.silentMs < this.silenceMs) return { voiced, ended: false };
    this.reset();
    return { voiced, ended: true };
  }

  /** Ends the utterance explicitly (`activityEnd`, `audioStreamEnd`); says whether one was open. */
  end(): boolean {
    const was = this.speaking;
    this.reset();
    return was;
  }

  private reset(): void {
    this.speaking = false;
    this.silentMs = 0;
  }
}
