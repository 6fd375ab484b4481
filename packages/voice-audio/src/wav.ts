/** A decoded WAV file: PCM16 mixed down to mono. */
export interface WavAudio {
  /** Samples per second, as the file's header says. */
  sampleRate: number;
  /** How many channels the file had (the samples below are already mixed down to one). */
  channels: number;
  /** Mono PCM16: the channels averaged. */
  pcm: Int16Array;
}

/** A file that is not a PCM16 WAV: the message says what was found and what is accepted. */
export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const pcmFormat = 1;
const extensibleFormat = 0xfffe;

/**
 * Reads a RIFF/WAVE file of 16-bit PCM (plain or WAVE_FORMAT_EXTENSIBLE) and mixes its channels
 * down to mono. Chunks other than `fmt ` and `data` (LIST, fact, …) are skipped.
 */
export function readWav(buffer: Uint8Array): WavAudio {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const tag = (offset: number) => String.fromCharCode(...buffer.subarray(offset, offset + 4));
  if (buffer.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new WavFormatError('not a WAV file (no RIFF/WAVE header); give a 16-bit PCM .wav file');
  }
  let format: { code: number; channels: number; sampleRate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= buffer.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buffer.byteLength) throw new WavFormatError('WAV fmt chunk is truncated');
      let code = view.getUint16(body, true);
      // Extensible files carry the real format code as the first two bytes of the sub-format GUID.
      if (code === extensibleFormat && size >= 40) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('WAV data chunk comes before its fmt chunk');
      if (format.code !== pcmFormat || format.bits !== 16) {
        throw new WavFormatError(
          `WAV is format ${format.code} with ${format.bits}-bit samples; only 16-bit PCM is read (convert with: sox in.wav -b 16 -e signed-integer out.wav)`,
        );
      }
      if (format.channels < 1 || format.sampleRate < 1)
        throw new WavFormatError('WAV header has no channels or no sample rate');
      const available = Math.min(size, buffer.byteLength - body);
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        pcm: mixDown(view, body, available, format.channels),
      };
    }
    // Chunks are padded to an even length.
    offset = body + size + (size % 2);
  }
  throw new WavFormatError(format ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
}

function mixDown(view: DataView, start: number, byteLength: number, channels: number): Int16Array {
  const frames = Math.floor(byteLength / (2 * channels));
  const pcm = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++)
      sum += view.getInt16(start + 2 * (frame * channels + channel), true);
    pcm[frame] = Math.round(sum / channels);
  }
  return pcm;
}

/** Writes mono PCM16 as a canonical 44-byte-header WAV file. */
export function writeWav(pcm: Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = pcm.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const writeTag = (offset: number, text: string) => {
    for (let i = 0; i < 4; i++) out[offset + i] = text.charCodeAt(i);
  };
  writeTag(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  writeTag(8, 'WAVE');
  writeTag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, pcmFormat, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeTag(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + 2 * i, pcm[i] as number, true);
  return out;
}
