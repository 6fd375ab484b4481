export { dominantFrequency, goertzel, rms, sine, toneLevel } from './analysis.ts';
export { FramePacer, type FramePacerOptions } from './frame-pacer.ts';
export { mulawSilence, mulawToPcm16, pcm16ToMulaw } from './mulaw.ts';
export { Resampler } from './resampler.ts';
export { readWav, type WavAudio, WavFormatError, writeWav } from './wav.ts';
