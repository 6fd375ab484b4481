import { FramePacer, mulawSilence, pcm16ToMulaw, Resampler, readWav } from '@lifeosai/voice-audio';
import WebSocket from 'ws';
import { type ClearRecord, type MarkRecord, Playback, type ReceivedFrame } from './playback.ts';
import { twilioSid } from './webhook.ts';

/** How to place a fake call on a Media Streams endpoint. */
export interface FakeTwilioCallerOptions {
  /** The `<Stream url>` from the TwiML (`ws(s)://…/api/phone/twilio/stream`). */
  url: string;
  /** The `<Parameter>`s from the TwiML; Twilio passes them in `start.customParameters`. */
  parameters: Record<string, string>;
  /** The call's SID (as sent in the voice webhook's `CallSid`). */
  callSid: string;
  /** The caller's number (E.164). */
  from: string;
  /** The number called (E.164). */
  to: string;
  /** Pace caller audio in real time, 20 ms a frame, as Twilio does (default true). */
  realTime?: boolean;
  /** Extra WebSocket headers (Twilio signs the upgrade with `X-Twilio-Signature`). */
  headers?: Record<string, string>;
}

/** How the stream ended. */
export interface CloseRecord {
  /** Milliseconds since the caller was created. */
  at: number;
  code: number;
  reason: string;
  /** Who closed it: this caller (`hangup()`) or the platform. */
  by: 'caller' | 'platform';
}

/** A phone call on a Media Stream, as Twilio would place it; see `createFakeTwilioCaller`. */
export interface FakeTwilioCaller {
  readonly callSid: string;
  readonly streamSid: string;
  /** Every `media` frame the platform sent, in order, with arrival and playback times. */
  readonly frames: readonly ReceivedFrame[];
  readonly clears: readonly ClearRecord[];
  readonly marks: readonly MarkRecord[];
  /** Anything the platform sent that Twilio would not accept (wrong streamSid, bad JSON, …). */
  readonly problems: readonly string[];
  /** Set once the stream has closed. */
  readonly closed: CloseRecord | undefined;
  /** Milliseconds since the caller was created (the clock of every recorded time). */
  now(): number;
  /**
   * Streams audio as the caller's voice: PCM16 at `sampleRate`, or a WAV file's bytes. Resolves
   * with the times of its first and last frame once the last frame is sent.
   */
  speak(audio: Int16Array | Uint8Array, sampleRate?: number): Promise<{ startedAt: number; endedAt: number }>;
  /** Streams `ms` of silence (μ-law 0xFF frames), as a quiet line does. */
  silence(ms: number): Promise<{ startedAt: number; endedAt: number }>;
  /** Sends a keypad press as Twilio's `dtmf` event. */
  sendDtmf(digit: string): void;
  /** Sends `stop` and closes the socket; resolves once closed. */
  hangup(): Promise<void>;
  /** The audio received, decoded to PCM16 8 kHz; `playedOnly` leaves out frames a clear dropped. */
  receivedAudio(options?: { playedOnly?: boolean }): Int16Array;
  /** Milliseconds between consecutive received media frames. */
  frameIntervals(): number[];
  /** Resolves when `predicate` holds (checked on every message and every 10 ms); rejects after `ms`. */
  waitFor(predicate: () => boolean, ms?: number, what?: string): Promise<void>;
  /** The first media frame that arrived at or after `at` (ms since creation). */
  firstAudioAfter(at: number): ReceivedFrame | undefined;
}

const frameBytes = 160;
const frameMs = 20;

/**
 * Opens a Media Stream like Twilio: connects, sends `connected` then `start` (with the custom
 * parameters and `audio/x-mulaw` 8 kHz mono), and resolves once both are sent.
 */
export async function createFakeTwilioCaller(options: FakeTwilioCallerOptions): Promise<FakeTwilioCaller> {
  const origin = performance.now();
  const now = () => performance.now() - origin;
  const streamSid = twilioSid('MZ');
  const accountSid = twilioSid('AC');
  const problems: string[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  let sequenceNumber = 0;
  let chunk = 0;
  let closed: CloseRecord | undefined;
  let hangingUp = false;

  const socket = new WebSocket(options.url, { headers: options.headers ?? {} });
  const send = (message: Record<string, unknown>) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    sequenceNumber++;
    socket.send(JSON.stringify({ ...message, sequenceNumber: String(sequenceNumber), streamSid }));
  };
  const playback = new Playback(now, (name) => send({ event: 'mark', mark: { name } }));
  socket.on('message', (data, isBinary) => {
    handlePlatformMessage(isBinary ? undefined : data.toString(), streamSid, playback, problems);
    notify();
  });
  socket.on('close', (code, reason) => {
    closed = { at: now(), code, reason: reason.toString(), by: hangingUp ? 'caller' : 'platform' };
    playback.stop();
    notify();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
    socket.once('unexpected-response', (_, response) =>
      reject(new Error(`stream upgrade refused: HTTP ${response.statusCode}`)),
    );
  });
  socket.on('error', (error) => problems.push(`socket error: ${error.message}`));
  socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
  send({
    event: 'start',
    start: {
      accountSid,
      streamSid,
      callSid: options.callSid,
      tracks: ['inbound'],
      customParameters: options.parameters,
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    },
  });

  const sendFrame = (frame: Uint8Array) => {
    chunk++;
    send({
      event: 'media',
      media: {
        track: 'inbound',
        chunk: String(chunk),
        timestamp: String(Math.round(now())),
        payload: Buffer.from(frame).toString('base64'),
      },
    });
  };
  const streamMulaw = async (bytes: Uint8Array) => {
    const padded = new Uint8Array(Math.ceil(bytes.length / frameBytes) * frameBytes).fill(mulawSilence);
    padded.set(bytes);
    const startedAt = now();
    if (options.realTime === false) {
      for (let offset = 0; offset < padded.length; offset += frameBytes)
        sendFrame(padded.subarray(offset, offset + frameBytes));
    } else {
      const pacer = new FramePacer({ frameBytes, frameMs, leadFrames: 0, send: sendFrame });
      pacer.push(padded);
      await pacer.idle();
      pacer.stop();
    }
    return { startedAt, endedAt: now() };
  };

  return {
    callSid: options.callSid,
    streamSid,
    frames: playback.frames,
    clears: playback.clears,
    marks: playback.marks,
    problems,
    get closed() {
      return closed;
    },
    now,
    speak(audio, sampleRate) {
      const { pcm, rate } =
        audio instanceof Int16Array ? { pcm: audio, rate: sampleRate ?? 8000 } : fromWav(audio);
      const resampler = new Resampler(rate, 8000);
      const head = resampler.push(pcm);
      const tail = resampler.flush();
      const at8k = new Int16Array(head.length + tail.length);
      at8k.set(head);
      at8k.set(tail, head.length);
      return streamMulaw(pcm16ToMulaw(at8k));
    },
    silence(ms) {
      return streamMulaw(new Uint8Array(Math.round(ms * 8)).fill(mulawSilence));
    },
    sendDtmf(digit) {
      send({ event: 'dtmf', dtmf: { track: 'inbound_track', digit } });
    },
    async hangup() {
      if (closed) return;
      hangingUp = true;
      send({ event: 'stop', stop: { accountSid, callSid: options.callSid } });
      const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(1000, 'caller hung up');
      await done;
    },
    receivedAudio(receivedOptions) {
      const frames = playback.frames.filter((frame) => !(receivedOptions?.playedOnly && frame.dropped));
      const out = new Int16Array(frames.reduce((sum, frame) => sum + frame.pcm.length, 0));
      let at = 0;
      for (const frame of frames) {
        out.set(frame.pcm, at);
        at += frame.pcm.length;
      }
      return out;
    },
    frameIntervals() {
      return playback.frames
        .slice(1)
        .map((frame, index) => frame.at - (playback.frames[index] as ReceivedFrame).at);
    },
    waitFor(predicate, ms = 5000, what = 'the condition') {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          finish();
          resolve();
        };
        const poll = setInterval(check, 10);
        const timeout = setTimeout(() => {
          finish();
          reject(new Error(`fake Twilio caller: ${what} did not hold within ${ms} ms`));
        }, ms);
        const finish = () => {
          clearInterval(poll);
          clearTimeout(timeout);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    firstAudioAfter(at) {
      return playback.frames.find((frame) => frame.at >= at);
    },
  };
}

function fromWav(bytes: Uint8Array): { pcm: Int16Array; rate: number } {
  const wav = readWav(bytes);
  return { pcm: wav.pcm, rate: wav.sampleRate };
}

/** Checks one message from the platform as Twilio would, and hands it to the playback model. */
function handlePlatformMessage(
  text: string | undefined,
  streamSid: string,
  playback: Playback,
  problems: string[],
): void {
  if (text === undefined) {
    problems.push('binary message: Media Streams carry JSON text messages only');
    return;
  }
  let message: {
    event?: unknown;
    streamSid?: unknown;
    media?: { payload?: unknown };
    mark?: { name?: unknown };
  };
  try {
    message = JSON.parse(text);
  } catch {
    problems.push(`not JSON: ${text.slice(0, 80)}`);
    return;
  }
  if (message.streamSid !== streamSid)
    problems.push(`${String(message.event)} with streamSid ${String(message.streamSid)}, not ${streamSid}`);
  if (message.event === 'media') {
    const payload = message.media?.payload;
    if (typeof payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) {
      problems.push('media without a base64 payload');
      return;
    }
    playback.media(new Uint8Array(Buffer.from(payload, 'base64')));
  } else if (message.event === 'mark') {
    if (typeof message.mark?.name !== 'string') problems.push('mark without a name');
    else playback.mark(message.mark.name);
  } else if (message.event === 'clear') {
    playback.clear();
  } else {
    problems.push(`unknown event ${String(message.event)}`);
  }
}
