import { twilioVoicePath } from '@lifeosai/api-contract';
import { type FakeGeminiLive, startFakeGeminiLive } from '@lifeosai/testkit/fake-gemini-live';
import { error, text } from '@lifeosai/testkit/fake-llm';
import {
  createFakeTwilioCaller,
  type FakeTwilioCaller,
  inboundCallParams,
  parseTwiml,
  postVoiceWebhook,
  twilioSid,
} from '@lifeosai/testkit/fake-twilio';
import { sine } from '@lifeosai/voice-audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findCall } from '../domain/phone/calls.ts';
import { startTestPlatform, type TestPlatform, testProviderKey } from '../testing/test-platform.ts';

/** What Twilio was told to call: signatures cover it; the test reaches the platform directly. */
const publicUrl = 'https://lifeos.example.test';
const authToken = 'twilio-auth-token-for-tests';
const ours = '+14155550111';

/**
 * A phone call end to end, as Twilio drives it: the signed voice webhook → TwiML → the fake
 * Twilio caller's media stream → the fake Gemini Live → `ask_agent` → a real Pi run against the
 * fake LLM → the answer spoken back as paced μ-law frames; barge-in, resumption after goAway,
 * and the voice or the agent failing mid-call, each recorded.
 */
describe('a phone call through Twilio', () => {
  let platform: TestPlatform;
  let live: FakeGeminiLive;

  beforeAll(async () => {
    // The model speaks 3× faster than real time, as Gemini does: the bridge's pacer sets the pace.
    live = await startFakeGeminiLive({
      apiKey: testProviderKey,
      speedUp: 3,
      speakToolResult: (response) => String(response.answer ?? 'Sorry, something went wrong. Goodbye.'),
    });
    platform = await startTestPlatform('sqlite', {
      geminiLiveBaseUrl: live.baseUrl,
      publicUrl,
      twilioAuthToken: authToken,
      phoneLimits: { failureGraceMs: 1_500 },
    });
    const agent = await platform.call('POST', '/api/agent/agents', {
      name: 'Ada',
      adapterType: 'pi',
      adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    });
    const number = await platform.call('POST', `/api/agent/agents/${agent.body.id}/phone-numbers`, {
      number: ours,
      callers: 'open',
    });
    expect(number.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await live?.close();
  });

  /** Twilio's webhook, signed over the public URL, posted to the platform itself. */
  const webhook = (params: Record<string, string>, query = '') =>
    postVoiceWebhook({
      url: `${publicUrl}${twilioVoicePath}${query}`,
      sendTo: `${platform.url}${twilioVoicePath}${query}`,
      authToken,
      params,
    });
  /** Places a call: the webhook's TwiML, then the stream it names (reached on the platform's own address). */
  const dial = async (from: string) => {
    const callSid = twilioSid('CA');
    const answer = await webhook(inboundCallParams({ callSid, from, to: ours }));
    expect(answer.status).toBe(200);
    const twiml = parseTwiml(answer.text);
    expect(twiml.stream?.url).toBe('wss://lifeos.example.test/api/phone/twilio/stream');
    const caller = await createFakeTwilioCaller({
      url: twiml.stream!.url.replace('wss://lifeos.example.test', platform.url.replace(/^http/, 'ws')),
      parameters: twiml.stream!.parameters,
      callSid,
      from,
      to: ours,
    });
    const action = new URL(twiml.connectAction!);
    /** What Twilio asks once the stream closed (`<Connect action>`). */
    const after = async () =>
      parseTwiml((await webhook(inboundCallParams({ callSid, from, to: ours }), action.search)).text);
    const callId = action.searchParams.get('after')!;
    return { caller, callId, after, parameters: twiml.stream!.parameters };
  };
  /** Half a second of "speech" then silence, as the caller's voice: the fake hears a turn end. */
  const speak = async (caller: FakeTwilioCaller, ms = 500) => {
    await caller.speak(sine(300, 8_000, ms, 8_000), 8_000);
    await caller.silence(600);
  };
  const record = async (callId: string) => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const call = await findCall(platform.database.db, callId);
      if (call && call.status !== 'ringing' && call.status !== 'in_progress') return call;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`call ${callId} did not end`);
  };

  it('answers from the agent in paced μ-law, clears playback on barge-in, hangs up after the goodbye, and records it all', async () => {
    const answer =
      'The code word is PELICAN. It is a large water bird with a long bill, and it has been the word since Monday.';
    platform.fake.on((call) => call.lastUserText.includes('code word'), text(answer));
    live.setScript([
      { say: 'Hello, this is Ada.' },
      {
        hear: 'What is the code word?',
        say: 'One moment.',
        call: { name: 'ask_agent', args: { question: 'What is the code word?' } },
      },
      { hear: 'Stop, thanks.', say: 'Sure.' },
      { hear: 'Goodbye.', say: 'Goodbye!', call: { name: 'end_call' } },
    ]);
    // A 1 ms heartbeat on the event loop the bridge's pacer and the fake phone share: its gaps
    // are this process's stalls (a loaded machine), after which the pacer catches up.
    const loop = heartbeat();
    const { caller, callId, after } = await dial('+14155550100');
    // The greeting's first frame comes quickly: the voice was opened while the webhook answered.
    await caller.waitFor(() => caller.frames.length > 0, 1_500, 'the greeting');
    await live.waitForTranscript('agent', 'Hello, this is Ada.', 5_000);
    await caller.waitFor(
      () => caller.frames.at(-1)!.playsAt + 20 < caller.now(),
      5_000,
      'the greeting played',
    );
    await speak(caller);
    // The agent's answer starts playing once the run is done: the caller talks over it.
    await until(() => live.conversations().at(-1)!.toolResponses.length === 1, 30_000);
    const answerStart = caller.frames.length;
    // Long enough (900 ms of it) that the pace below is judged even around a stall of a few hundred ms.
    await caller.waitFor(() => caller.frames.length > answerStart + 45, 5_000, 'the answer playing');
    const talkingAt = caller.now();
    const talking = speak(caller, 800);
    await caller.waitFor(() => caller.clears.length === 1, 5_000, 'a clear');
    await talking;
    const clear = caller.clears[0]!;
    // Stale frames stop: nothing more of the answer while the caller still talks.
    expect(caller.frames.filter((frame) => frame.at > clear.at && frame.at < talkingAt + 700)).toEqual([]);
    await live.waitForTranscript('agent', 'Sure.', 10_000);
    await speak(caller);
    await caller.waitFor(() => caller.closed !== undefined, 15_000, 'the platform hanging up');
    const stalls = loop.stop();

    // Every frame Twilio got is 20 ms of μ-law with our streamSid, sent at a 20 ms pace.
    expect(caller.problems).toEqual([]);
    expect(caller.frames.every((frame) => frame.bytes.length === 160)).toBe(true);
    // Paced: the phone holds only the 3 frames sent ahead (60 ms, plus one in flight), never the
    // seconds the model sent ahead of real time. After a stall longer than that lead the phone
    // has played everything and the pacer sends the frames that fell due meanwhile at once, so it
    // may then hold as much as the stall lasted, for the rest of that stretch of speech: each
    // frame is judged against the longest stall the loop had before the frame arrived.
    const toLoopTime = performance.now() - caller.now();
    const overfull = caller.frames.flatMap((frame) => {
      const arrived = frame.at + toLoopTime;
      const stall = Math.max(0, ...stalls.filter((gap) => gap.end <= arrived).map((gap) => gap.ms));
      const ahead = frame.playsAt - frame.at;
      return ahead > Math.max(60, stall) + 40 ? [{ ahead, stall }] : [];
    });
    expect(overfull).toEqual([]);
    // While the model's answer is queued, a frame leaves every 20 ms: the median gap between
    // frames that left while the loop ran. A stall makes one long gap, then the pacer sends the
    // frames that fell due meanwhile at once — a burst of short gaps as long as the stall, which
    // outnumbers the rest once a stall passes ~200 ms (CI saw 7 ms): gaps ending in a stall's
    // wake (from its start to 40 ms after the loop ran again) are left out.
    const inStallWake = (at: number) =>
      stalls.some(
        (gap) => gap.ms > 20 && at + toLoopTime >= gap.end - gap.ms && at + toLoopTime <= gap.end + 40,
      );
    const queued = caller.frames
      .slice(answerStart + 5)
      .filter((frame) => frame.at < clear.at)
      .map((frame) => frame.at);
    const gaps = queued
      .slice(1)
      .flatMap((at, n) => (inStallWake(at) ? [] : [at - queued[n]!]))
      .sort((a, b) => a - b);
    expect(gaps.length).toBeGreaterThanOrEqual(10);
    const pace = gaps[Math.floor(gaps.length / 2)]!;
    expect(pace).toBeGreaterThan(18);
    expect(pace).toBeLessThan(22);
    // The goodbye was heard to its end before the line closed: its mark came back first.
    expect(caller.closed).toMatchObject({ by: 'platform', code: 1000 });
    const lastMark = caller.marks.at(-1)!;
    expect(lastMark.echoedAt).toBeLessThanOrEqual(caller.closed!.at);
    expect(caller.frames.at(-1)!.playsAt).toBeLessThanOrEqual(caller.closed!.at);
    expect((await after()).say).toBeUndefined();

    const call = await record(callId);
    expect(call).toMatchObject({
      status: 'completed',
      endReason: 'the call ended with a goodbye',
      voiceProvider: 'gemini',
    });
    expect(call.transcript.map((line) => [line.role, line.text])).toEqual([
      ['agent', 'Hello, this is Ada.'],
      ['caller', 'What is the code word?'],
      ['agent', 'One moment.'],
      // Cut by the caller: how much of it was spoken depends on when the barge-in landed.
      ['agent', expect.any(String)],
      ['caller', 'Stop, thanks.'],
      ['agent', 'Sure.'],
      ['caller', 'Goodbye.'],
      ['agent', 'Goodbye!'],
    ]);
    expect(call.transcript[3]!.text).toMatch(/^The code word/);
    expect(answer.startsWith(call.transcript[3]!.text)).toBe(true);
    expect(call.transcript[3]!.text.length).toBeLessThan(answer.length);
    expect(call.runIds).toHaveLength(1);
    const run = await platform.call('GET', `/api/agent/runs/${call.runIds[0]}`);
    expect(run.body).toMatchObject({ status: 'succeeded', trigger: { kind: 'phone', by: '+14155550100' } });
    expect(call.sessionId).toBe(run.body.sessionId);
    expect(call.voiceCostUsd).toBeGreaterThan(0);
    expect(call.costUsd).toBeCloseTo(call.voiceCostUsd! + run.body.costUsd, 10);
    expect(call.durationSec).toBeGreaterThanOrEqual(3);
  }, 90_000);

  it('keeps the call through a goAway, and ends it politely when the voice fails for good', async () => {
    live.setScript([{ say: 'Hi there.' }, { hear: 'Still there?', say: 'Yes, still here.' }]);
    const { caller, callId, after } = await dial('+14155550122');
    await live.waitForTranscript('agent', 'Hi there.', 10_000);
    const conversation = () => live.conversations().at(-1)!;
    live.goAway(100);
    await until(() => conversation().connections.length === 2, 10_000);
    await speak(caller);
    await live.waitForTranscript('agent', 'Yes, still here.', 10_000);
    expect(caller.closed).toBeUndefined();

    live.failHard();
    await caller.waitFor(() => caller.closed !== undefined, 10_000, 'the platform hanging up');
    const call = await record(callId);
    expect(call.status).toBe('failed');
    expect(call.endReason).toMatch(/^the voice model failed: /);
    // Twilio asks what next: the caller hears an apology.
    expect((await after()).say).toEqual([expect.stringContaining('Sorry')]);
  }, 60_000);

  it("ends the call politely when the agent's run fails, and records why", async () => {
    platform.fake.on(
      (call) => call.lastUserText.includes('broken question'),
      error(400, 'the model refused'),
    );
    live.setScript([
      { say: 'Hello.' },
      {
        hear: 'Break it.',
        say: 'One moment.',
        call: { name: 'ask_agent', args: { question: 'A broken question' } },
      },
    ]);
    const { caller, callId, after } = await dial('+14155550133');
    await live.waitForTranscript('agent', 'Hello.', 10_000);
    await speak(caller);
    await caller.waitFor(() => caller.closed !== undefined, 30_000, 'the platform hanging up');
    const call = await record(callId);
    expect(call.status).toBe('failed');
    expect(call.endReason).toMatch(/^the agent's run failed/);
    expect(live.conversations().at(-1)!.toolResponses[0]).toMatchObject({
      name: 'ask_agent',
      response: { error: expect.stringContaining('Apologise') },
      scheduling: 'INTERRUPT',
    });
    expect((await after()).say).toEqual([expect.stringContaining('Sorry')]);
  }, 60_000);

  it('closes a stream whose token is unknown or used, whatever came before it', async () => {
    const streamUrl = `${platform.url.replace(/^http/, 'ws')}/api/phone/twilio/stream`;
    const socket = new WebSocket(streamUrl);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    for (const junk of ['not json', '{"event":"start"}', '{"event":"media","media":{}}', '[]'])
      socket.send(junk);
    socket.send(
      JSON.stringify({ event: 'start', streamSid: 'MZ1', start: { customParameters: { token: 'nope' } } }),
    );
    expect(await closed).toBe(1008);
    // A token already used by its stream binds nothing a second time.
    live.setScript([{ say: 'Hello.' }]);
    const { caller, callId, parameters } = await dial('+14155550155');
    await live.waitForTranscript('agent', 'Hello.', 10_000);
    const again = await createFakeTwilioCaller({
      url: streamUrl,
      parameters,
      callSid: caller.callSid,
      from: '+14155550155',
      to: ours,
    });
    await again.waitFor(() => again.closed !== undefined, 5_000, 'the second stream closing');
    expect(again.closed?.code).toBe(1008);
    expect(caller.closed).toBeUndefined();
    await caller.hangup();
    expect(await record(callId)).toMatchObject({ status: 'completed', endReason: 'the caller hung up' });
  }, 30_000);

  it("says goodbye at the number's time limit and hangs up", async () => {
    await platform.database.db
      .updateTable('phoneNumbers')
      .set({ maxCallSeconds: 2 })
      .where('number', '=', ours)
      .execute();
    live.setScript([{ say: 'Hello.' }, { say: 'Our time is up, goodbye!', call: { name: 'end_call' } }]);
    const { caller, callId } = await dial('+14155550144');
    await caller.waitFor(() => caller.closed !== undefined, 15_000, 'the platform hanging up');
    expect(live.conversations().at(-1)!.texts.at(-1)).toContain('maximum length');
    const call = await record(callId);
    expect(call).toMatchObject({
      status: 'completed',
      endReason: 'the call reached its maximum length (2 s)',
    });
    expect(call.transcript.at(-1)).toMatchObject({ role: 'agent', text: 'Our time is up, goodbye!' });
  }, 30_000);
});

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Beats every millisecond until stopped; `stop()` returns the gaps longer than 5 ms (loop time, ms). */
function heartbeat() {
  const gaps: Array<{ end: number; ms: number }> = [];
  let last = performance.now();
  const beat = () => {
    const now = performance.now();
    if (now - last > 5) gaps.push({ end: now, ms: now - last });
    last = now;
  };
  const timer = setInterval(beat, 1);
  return {
    stop: () => {
      clearInterval(timer);
      beat();
      return gaps;
    },
  };
}
