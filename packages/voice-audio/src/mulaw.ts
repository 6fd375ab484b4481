import alawmulaw from 'alawmulaw';

/** Decodes G.711 μ-law bytes (a phone line's 8 kHz audio) to PCM16, one sample per byte. */
export function mulawToPcm16(bytes: Uint8Array): Int16Array {
  return alawmulaw.mulaw.decode(bytes);
}

/** Encodes PCM16 to G.711 μ-law, one byte per sample (the sample rate is unchanged). */
export function pcm16ToMulaw(pcm: Int16Array): Uint8Array {
  return alawmulaw.mulaw.encode(pcm);
}

/** μ-law's silence byte (the encoding of sample 0): what a padded frame is filled with. */
export const mulawSilence = 0xff;
