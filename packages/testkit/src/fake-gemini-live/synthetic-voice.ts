/** The fake model's speech rate: 24 kHz PCM16, what Gemini Live sends. */
export const OUTPUT_RATE = 24_000;

/**
 * A synthetic voice for `text`: one tone per word (pitch from the word's letters, so different
 * sentences sound different), with short fades so a listener hears syllables, and its length
 * follows the text (`msPerChar`, at least 300 ms). Loud enough for any energy detector.
 */
export function synthesizeSpeech(text: string, msPerChar: number): Int16Array {
  const words = text.split(/\s+/).filter(Boolean);
  const totalMs = Math.max(300, text.length * msPerChar);
  const samples = new Int16Array(Math.round((totalMs / 1000) * OUTPUT_RATE));
  const perWord = Math.floor(samples.length / Math.max(1, words.length));
  const fade = Math.min(Math.floor(perWord / 4), Math.round(0.01 * OUTPUT_RATE));
  words.forEach((word, wordIndex) => {
    let seed = 0;
    for (const char of word) seed = (seed * 31 + char.charCodeAt(0)) % 997;
    const frequency = 140 + (seed % 160);
    const start = wordIndex * perWord;
    for (let offset = 0; offset < perWord; offset++) {
      const envelope = Math.min(1, offset / Math.max(1, fade), (perWord - offset) / Math.max(1, fade));
      const time = (start + offset) / OUTPUT_RATE;
      const tone = Math.sin(2 * Math.PI * frequency * time) + 0.4 * Math.sin(4 * Math.PI * frequency * time);
      samples[start + offset] = Math.round(9000 * envelope * tone);
    }
  });
  return samples;
}
