import { type FakeGeminiLive, startFakeGeminiLive } from '@lifeosai/testkit/fake-gemini-live';
import type { VoiceSession } from '@lifeosai/voice-spec';
import { afterEach, describe, expect, it } from 'vitest';
import { createGeminiLive } from './index.ts';
import { EventLog, speak } from './test-caller.ts';

const KEY = 'AIzaResumptionKeyThatMustNeverLeak';
const provider = createGeminiLive({ attempts: 2, backoffMs: 20 });
const SCRIPT = [
  { hear: 'hello', say: 'Hi, Ada here' },
  { hear: 'what time is it', say: 'It is noon' },
];
let fake: FakeGeminiLive;
let session: VoiceSession | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
  await fake?.close();
});

async function firstTurn(log: EventLog) {
  fake = await startFakeGeminiLive({ apiKey: KEY, speedUp: 20, script: SCRIPT });
  session = await provider.connect({
    instructions: 'Be brief.',
    tools: [],
    apiKey: KEY,
    baseUrl: fake.baseUrl,
    onEvent: log.onEvent,
  });
  speak(session);
  await log.waitFor((event) => event.type === 'turn_complete');
  return session;
}

describe('Gemini Live resumption', () => {
  it('on goAway reconnects with the latest handle, holds audio sent meanwhile, and goes on with the conversation', async () => {
    const log = new EventLog();
    const voice = await firstTurn(log);
    let heldFrames = 0;
    // No model turn is running, so the reconnection starts as the go-away is read: speech sent
    // right after (a microtask later) is held, then sent on the new connection.
    log.hook = (event) => {
      if (event.type === 'going_away')
        queueMicrotask(() => {
          heldFrames = speak(voice).length;
        });
    };
    fake.goAway(1_000);
    await log.waitFor((event) => event.type === 'resumed');
    expect(fake.connections()[0]!.audioReceivedMs).toBe(800);
    await log.waitFor((event) => event.type === 'turn_complete' && log.of('turn_complete').length === 2);

    const [first, second] = fake.connections();
    expect(second!.resumedWith).toMatch(/^handle-1-/);
    expect(second!.conversationId).toBe(first!.conversationId);
    expect(second!.audioReceivedMs).toBe(heldFrames * 20);
    const [conversation] = fake.conversations();
    expect(conversation!.connections).toEqual([1, 2]);
    expect(conversation!.transcript).toEqual([
      { role: 'caller', text: 'hello' },
      { role: 'agent', text: 'Hi, Ada here' },
      { role: 'caller', text: 'what time is it' },
      { role: 'agent', text: 'It is noon' },
    ]);
    expect(log.of('going_away')).toEqual([{ type: 'going_away', timeLeftMs: 1_000 }]);
    expect(log.of('closed')).toEqual([]);
  });

  it('lets the model finish its turn before reconnecting on goAway', async () => {
    fake = await startFakeGeminiLive({
      apiKey: KEY,
      speedUp: 4,
      script: [{ hear: 'story', say: 'Once upon a time, a fox' }],
    });
    const log = new EventLog();
    session = await provider.connect({
      instructions: '',
      tools: [],
      apiKey: KEY,
      baseUrl: fake.baseUrl,
      onEvent: log.onEvent,
    });
    speak(session);
    await log.waitFor((event) => event.type === 'audio');
    fake.goAway(3_000);
    await log.waitFor((event) => event.type === 'resumed');
    const types = log.events.map((event) => event.type);
    expect(types.indexOf('going_away')).toBeLessThan(types.indexOf('turn_complete'));
    expect(types.indexOf('turn_complete')).toBeLessThan(types.indexOf('resumed'));
    expect(log.said('agent')).toBe('Once upon a time, a fox');
  });

  it('holds only the newest audio while reconnecting (heldAudioMs)', async () => {
    fake = await startFakeGeminiLive({ apiKey: KEY, script: SCRIPT });
    const log = new EventLog();
    session = await createGeminiLive({ heldAudioMs: 100 }).connect({
      instructions: '',
      tools: [],
      apiKey: KEY,
      baseUrl: fake.baseUrl,
      onEvent: log.onEvent,
    });
    const voice = session;
    log.hook = (event) => {
      if (event.type === 'going_away') queueMicrotask(() => speak(voice, 0, 40));
    };
    fake.goAway(1_000);
    await log.waitFor((event) => event.type === 'resumed');
    expect(fake.connections()[0]!.audioReceivedMs).toBe(0);
    await expect.poll(() => fake.connections()[1]?.audioReceivedMs).toBe(100);
  });

  it('resumes after an abrupt drop, and sums usage over both connections', async () => {
    const log = new EventLog();
    const voice = await firstTurn(log);
    const afterFirst = log.of('usage').at(-1)!.usage;
    fake.dropConnection();
    await log.waitFor((event) => event.type === 'resumed');
    speak(voice);
    await log.waitFor((event) => event.type === 'turn_complete' && log.of('turn_complete').length === 2);
    const total = log.of('usage').at(-1)!.usage;
    // 40 frames of 20 ms per turn = 800 ms = 20 audio tokens at 25 tokens/s, twice.
    expect(afterFirst.inputAudioTokens).toBe(20);
    expect(total.inputAudioTokens).toBe(40);
    expect(total.inputTextTokens).toBe(afterFirst.inputTextTokens);
    expect(total.outputAudioTokens).toBeGreaterThan(afterFirst.outputAudioTokens);
    expect(provider.costUsd(total)).toBeCloseTo(
      (total.inputAudioTokens * 3 + total.inputTextTokens * 0.5 + total.outputAudioTokens * 12) / 1e6,
      12,
    );
    expect(fake.conversations()).toHaveLength(1);
  });

  it('closes with an error in words when the server fails and refuses to resume', async () => {
    const log = new EventLog();
    await firstTurn(log);
    fake.failHard();
    const closed = await log.waitFor((event) => event.type === 'closed');
    expect(closed).toMatchObject({ type: 'closed', error: expect.stringMatching(/could not be resumed/) });
    expect(JSON.stringify(log.events)).not.toContain(KEY);
    expect(log.of('resumed')).toEqual([]);
    // The first connection, then two attempts with the forgotten handle, both refused.
    expect(fake.connections()).toHaveLength(3);
  });

  it('close() ends the session once, without an error, and stops sending', async () => {
    const log = new EventLog();
    const voice = await firstTurn(log);
    await voice.close();
    await voice.close();
    voice.sendAudio(new Int16Array(320));
    expect(log.of('closed')).toEqual([{ type: 'closed' }]);
    await expect.poll(() => fake.connections()[0]!.closed).toBe(true);
  });
});
