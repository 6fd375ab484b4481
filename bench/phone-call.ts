// End to end: fake Twilio caller → the Agent API's Twilio webhook and media stream → the bridge
// → the fake Gemini Live (scripted reply delay) and back; against the same fake reached directly
// through the Gemini Live provider, which gives the bridge's own share of the latency.
import { startTestPlatform } from '@lifeosai/agent-api/testing';
import { startFakeGeminiLive } from '@lifeosai/testkit/fake-gemini-live';
import {
  createFakeTwilioCaller,
  type FakeTwilioCaller,
  inboundCallParams,
  parseTwiml,
  postVoiceWebhook,
  twilioSid,
} from '@lifeosai/testkit/fake-twilio';
import { sine } from '@lifeosai/voice-audio';
import { geminiLive } from '@lifeosai/voice-gemini';

const providerKey = 'sk-test-key-123456';
const authToken = 'bench-twilio-auth-token-0123456789';
/** Twilio signs for the public URL; requests go to the platform's own address. */
const publicUrl = 'https://phone-bench.lifeos.test';
const number = '+14155550199';
/** The caller's turn: 600 ms of a loud tone the fake hears as speech. */
const speech = sine(300, 8000, 600, 8000);

export interface PhoneStack {
  /** Places one call and runs `turns` question → reply exchanges; returns what the caller measured. */
  call(turns: number, from: string): Promise<CallResult>;
  /** The same turns against the fake directly through the voice provider (no bridge, no Twilio). */
  direct(turns: number): Promise<number[]>;
  close(): Promise<void>;
}

export interface CallResult {
  /** Caller's end of speech → first frame of the reply, per turn (ms). */
  latencies: number[];
  /** Frames received in replies. */
  frames: number;
  /** Intervals between frames within replies (ms). */
  intervals: number[];
  /** Frames that arrived after the one before had finished playing: a gap without a jitter buffer. */
  underruns: number;
  /** The longest such gap (ms). */
  longestGapMs: number;
}

export async function startPhoneStack(options: {
  replyDelayMs: number;
  turns: number;
  /** How much faster than real time the fake sends its voice (Gemini Live sends ahead in bursts). */
  speedUp: number;
}): Promise<PhoneStack> {
  const reply = { hear: 'A question.', say: 'Okay, noted.' };
  const script = [{ say: 'Hi.' }, ...Array.from({ length: options.turns }, () => reply)];
  const live = await startFakeGeminiLive({
    apiKey: providerKey,
    replyDelayMs: options.replyDelayMs,
    speedUp: options.speedUp,
    script,
  });
  const platform = await startTestPlatform('sqlite', {
    geminiLiveBaseUrl: live.baseUrl,
    publicUrl,
    twilioAuthToken: authToken,
  });
  const agent = await platform.call('POST', '/api/agent/agents', {
    name: 'Phone bench',
    adapterType: 'pi',
    adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  });
  const created = await platform.call('POST', `/api/agent/agents/${agent.body.id}/phone-numbers`, {
    number,
    callers: 'open',
  });
  if (created.status !== 201)
    throw new Error(`could not add the bench's number: ${JSON.stringify(created.body)}`);

  async function call(turns: number, from: string): Promise<CallResult> {
    const callSid = twilioSid('CA');
    const answer = await postVoiceWebhook({
      url: `${publicUrl}/api/phone/twilio/voice`,
      sendTo: `${platform.url}/api/phone/twilio/voice`,
      authToken,
      params: inboundCallParams({ callSid, from, to: number }),
    });
    const stream = parseTwiml(answer.text).stream;
    if (!stream) throw new Error(`the call was not connected: ${answer.status} ${answer.text}`);
    const caller = await createFakeTwilioCaller({
      url: stream.url.replace(publicUrl.replace('https', 'wss'), platform.url.replace('http', 'ws')),
      parameters: stream.parameters,
      callSid,
      from,
      to: number,
    });
    try {
      // The greeting plays while the line carries silence.
      const line = caller.silence(1500);
      await caller.waitFor(() => caller.frames.length > 0, 10_000, 'the greeting');
      await line;
      const result: CallResult = { latencies: [], frames: 0, intervals: [], underruns: 0, longestGapMs: 0 };
      for (let turn = 0; turn < turns; turn++) {
        const spoken = await caller.speak(speech, 8000);
        const quiet = caller.silence(2000);
        await caller.waitFor(() => caller.firstAudioAfter(spoken.endedAt) !== undefined, 10_000, 'a reply');
        await quiet;
        const first = caller.firstAudioAfter(spoken.endedAt);
        result.latencies.push((first?.at ?? Number.NaN) - spoken.endedAt);
        measureReply(caller, spoken.endedAt, result);
      }
      return result;
    } finally {
      await caller.hangup();
    }
  }

  async function direct(turns: number): Promise<number[]> {
    const heardAt: number[] = [];
    let audioAt = Number.NaN;
    const session = await geminiLive.connect({
      instructions: 'Benchmark.',
      tools: [],
      apiKey: providerKey,
      baseUrl: live.baseUrl,
      onEvent: (event) => {
        if (event.type === 'audio')
          audioAt = Math.min(Number.isNaN(audioAt) ? Number.POSITIVE_INFINITY : audioAt, performance.now());
      },
    });
    // The bridge's greeting is a text turn: the direct session takes the same first step.
    session.sendText('The caller is connected.');
    await streamAt16k(session, new Int16Array(16 * 1500));
    const speech16k = sine(300, 16_000, 600, 8000);
    for (let turn = 0; turn < turns; turn++) {
      await streamAt16k(session, speech16k);
      const endedAt = performance.now();
      audioAt = Number.NaN;
      await streamAt16k(session, new Int16Array(16 * 2000));
      heardAt.push(audioAt - endedAt);
    }
    await session.close();
    return heardAt;
  }

  return {
    call,
    direct,
    close: async () => {
      await platform.close();
      await live.close();
    },
  };
}

/** Sends PCM16 16 kHz in 20 ms chunks at real-time pace, on a drift-free schedule. */
async function streamAt16k(session: { sendAudio(pcm: Int16Array): void }, pcm: Int16Array): Promise<void> {
  const started = performance.now();
  for (let chunk = 0; chunk * 320 < pcm.length; chunk++) {
    const wait = started + chunk * 20 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    session.sendAudio(pcm.subarray(chunk * 320, chunk * 320 + 320));
  }
}

/** Adds a reply's frames (those after `from`) to the call's counts. */
function measureReply(caller: FakeTwilioCaller, from: number, result: CallResult): void {
  const frames = caller.frames.filter((frame) => frame.at >= from);
  result.frames += frames.length;
  frames.slice(1).forEach((frame, index) => {
    const previous = frames[index]!;
    result.intervals.push(frame.at - previous.at);
    // Played back to back unless the frame came after the previous one had finished.
    const gap = frame.playsAt - (previous.playsAt + previous.bytes.length / 8);
    if (gap > 0.5) {
      result.underruns++;
      result.longestGapMs = Math.max(result.longestGapMs, gap);
    }
  });
}
