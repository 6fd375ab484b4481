import {
  dominantFrequency,
  goertzel,
  mulawToPcm16,
  pcm16ToMulaw,
  sine,
  writeWav,
} from '@lifeosai/voice-audio';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeTwilioCaller } from './caller.ts';
import {
  type LoopbackPlatform,
  type LoopbackStream,
  type StreamMessage,
  startLoopbackPlatform,
} from './loopback-platform.ts';
import { twilioSid } from './webhook.ts';

const authToken = 'test-auth-token-0123456789abcdef';
const toneFrames = (frames: number, frequency = 1000) =>
  pcm16ToMulaw(sine(frequency, 8000, frames * 20, 8000));

/** Sends μ-law to the caller as the platform's outbound `media` messages, one per 160 bytes. */
function sendAudio(stream: LoopbackStream, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; offset += 160) {
    stream.send({
      event: 'media',
      streamSid: stream.streamSid(),
      media: { payload: Buffer.from(bytes.subarray(offset, offset + 160)).toString('base64') },
    });
  }
}

let platform: LoopbackPlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

async function call(onMessage?: (stream: LoopbackStream, message: StreamMessage) => void, realTime = true) {
  platform = await startLoopbackPlatform({
    authToken,
    knownNumber: '+14155550199',
    ...(onMessage ? { onMessage } : {}),
  });
  const caller = await createFakeTwilioCaller({
    url: `${platform.publicUrl.replace('http', 'ws')}/api/phone/twilio/stream`,
    parameters: { token: 'one-time' },
    callSid: twilioSid('CA'),
    from: '+14155550100',
    to: '+14155550199',
    realTime,
  });
  const stream = await waitForStream(platform);
  return { caller, stream };
}

async function waitForStream(loopback: LoopbackPlatform): Promise<LoopbackStream> {
  for (let tries = 0; tries < 200; tries++) {
    const stream = loopback.streams[0];
    if (stream?.messages.some((message) => message.event === 'start')) return stream;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no stream started');
}

describe('fake Twilio caller', () => {
  it('opens like Twilio and streams speech in paced 20 ms μ-law frames with rising sequence numbers', async () => {
    const { caller, stream } = await call();
    const [connected, start] = stream.messages;
    expect(connected).toEqual({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    expect(start).toMatchObject({
      event: 'start',
      sequenceNumber: '1',
      streamSid: caller.streamSid,
      start: {
        callSid: caller.callSid,
        streamSid: caller.streamSid,
        customParameters: { token: 'one-time' },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
    // Speech from a 16 kHz WAV, resampled to the line's 8 kHz.
    const { startedAt, endedAt } = await caller.speak(writeWav(sine(440, 16_000, 400, 9000), 16_000));
    expect(endedAt - startedAt).toBeGreaterThanOrEqual(379);
    caller.sendDtmf('7');
    await caller.hangup();
    const media = stream.messages.filter((message) => message.event === 'media') as Array<
      StreamMessage & { sequenceNumber: string; media: { chunk: string; timestamp: string; payload: string } }
    >;
    expect(media.length).toBe(20);
    expect(media.map((message) => Number(message.media.chunk))).toEqual(media.map((_, index) => index + 1));
    expect(media.map((message) => Number(message.sequenceNumber))).toEqual(
      media.map((_, index) => index + 2),
    );
    const timestamps = media.map((message) => Number(message.media.timestamp));
    expect(timestamps.at(-1)! - timestamps[0]!).toBeGreaterThanOrEqual(379);
    const bytes = media.map((message) => Buffer.from(message.media.payload, 'base64'));
    expect(bytes.every((frame) => frame.length === 160)).toBe(true);
    const heard = mulawToPcm16(new Uint8Array(Buffer.concat(bytes)));
    expect(dominantFrequency(heard, 8000)).toBeCloseTo(440, 0);
    expect(stream.messages.at(-2)).toMatchObject({
      event: 'dtmf',
      dtmf: { track: 'inbound_track', digit: '7' },
    });
    expect(stream.messages.at(-1)).toMatchObject({ event: 'stop', stop: { callSid: caller.callSid } });
    expect(caller.closed).toMatchObject({ code: 1000, by: 'caller' });
  });

  it('records the audio that comes back, with arrival times, and echoes a mark once it has played', async () => {
    const { caller, stream } = await call();
    const sentAt = caller.now();
    sendAudio(stream, toneFrames(10));
    stream.send({ event: 'mark', streamSid: stream.streamSid(), mark: { name: 'turn-1' } });
    await caller.waitFor(
      () => stream.messages.some((message) => message.event === 'mark'),
      2000,
      'the mark echo',
    );
    const [mark] = caller.marks;
    expect(mark?.name).toBe('turn-1');
    // Ten 20 ms frames play for 200 ms before the mark comes back.
    expect(mark!.echoedAt! - sentAt).toBeGreaterThanOrEqual(195);
    expect(stream.messages.at(-1)).toMatchObject({
      event: 'mark',
      streamSid: caller.streamSid,
      mark: { name: 'turn-1' },
    });
    expect(caller.frames.length).toBe(10);
    expect(caller.firstAudioAfter(sentAt)).toBe(caller.frames[0]);
    expect(caller.frameIntervals().length).toBe(9);
    expect(goertzel(caller.receivedAudio(), 8000, 1000)).toBeGreaterThan(7500);
    expect(caller.problems).toEqual([]);
    await caller.hangup();
  });

  it('a clear drops what has not played yet and returns pending marks at once', async () => {
    const { caller, stream } = await call();
    sendAudio(stream, toneFrames(50));
    stream.send({ event: 'mark', streamSid: stream.streamSid(), mark: { name: 'long-turn' } });
    await caller.waitFor(() => caller.frames.length === 50 && caller.marks.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stream.send({ event: 'clear', streamSid: stream.streamSid() });
    await caller.waitFor(() => caller.clears.length === 1);
    const [clear] = caller.clears;
    // Of the 1 s sent, what had played by the clear (~100 ms, more on a busy machine) stays; the rest is dropped.
    const unplayed = caller.frames.flatMap((frame, index) => (frame.playsAt >= clear!.at ? [index] : []));
    expect(clear!.droppedFrames).toEqual(unplayed);
    expect(clear!.droppedFrames.length).toBeGreaterThan(0);
    expect(clear!.droppedFrames.length).toBeLessThan(50);
    expect(caller.frames.every((frame, index) => frame.dropped === unplayed.includes(index))).toBe(true);
    expect(caller.marks[0]!.echoedAt! - clear!.at).toBeLessThan(5);
    expect(caller.receivedAudio({ playedOnly: true }).length).toBe((50 - clear!.droppedFrames.length) * 160);
    expect(caller.receivedAudio().length).toBe(50 * 160);
    await caller.hangup();
  });

  it('notes what Twilio would not accept, and sees the platform hang up', async () => {
    const { caller, stream } = await call();
    stream.send({ event: 'media', streamSid: 'MZwrong', media: { payload: 'AAAA' } });
    stream.send({ event: 'media', streamSid: stream.streamSid(), media: { payload: 'not base64!' } });
    stream.send({ event: 'play', streamSid: stream.streamSid() });
    stream.close();
    await caller.waitFor(() => caller.closed !== undefined);
    expect(caller.problems).toEqual([
      `media with streamSid MZwrong, not ${caller.streamSid}`,
      'media without a base64 payload',
      'unknown event play',
    ]);
    expect(caller.closed).toMatchObject({ code: 1000, by: 'platform', reason: 'platform hung up' });
    await expect(caller.waitFor(() => false, 50, 'never')).rejects.toThrow(/never did not hold within 50 ms/);
    await caller.hangup();
  });

  it('sends silence as 0xFF frames, all at once when not in real time', async () => {
    const { caller, stream } = await call(undefined, false);
    const { startedAt, endedAt } = await caller.silence(1000);
    expect(endedAt - startedAt).toBeLessThan(100);
    await caller.waitFor(() => stream.messages.filter((message) => message.event === 'media').length === 50);
    const media = stream.messages.filter((message) => message.event === 'media') as Array<
      StreamMessage & { media: { payload: string } }
    >;
    expect(
      media.every((message) => Buffer.from(message.media.payload, 'base64').every((byte) => byte === 0xff)),
    ).toBe(true);
    await caller.hangup();
  });

  it('fails clearly when the stream upgrade is refused', async () => {
    platform = await startLoopbackPlatform({ authToken, knownNumber: '+14155550199' });
    await expect(
      createFakeTwilioCaller({
        url: `${platform.publicUrl.replace('http', 'ws')}/elsewhere`,
        parameters: {},
        callSid: 'CA1',
        from: '+1',
        to: '+2',
      }),
    ).rejects.toThrow(/stream upgrade refused: HTTP 400|Unexpected server response/);
  });
});
