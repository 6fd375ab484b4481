import {
  type FakeGeminiLive,
  startFakeGeminiLive,
  synthesizeSpeech,
} from '@lifeosai/testkit/fake-gemini-live';
import { freePort } from '@lifeosai/testkit/ports';
import { VoiceProviderError, type VoiceSession } from '@lifeosai/voice-spec';
import { afterEach, describe, expect, it } from 'vitest';
import { createGeminiLive, DEFAULT_GEMINI_LIVE_MODEL, geminiLive } from './index.ts';
import { EventLog, frame, speak } from './test-caller.ts';

const KEY = 'AIzaFakeKeyThatMustNeverLeak123';
const ASK_AGENT = {
  name: 'ask_agent',
  description: 'Ask the agent',
  parameters: { type: 'object', properties: { question: { type: 'string' } }, required: ['question'] },
  nonBlocking: true,
};
let fake: FakeGeminiLive;
let session: VoiceSession | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
  await fake?.close();
});

async function open(log: EventLog, extra: { voice?: string; language?: string } = {}) {
  session = await geminiLive.connect({
    instructions: 'You are the voice of Ada.',
    tools: [ASK_AGENT],
    apiKey: KEY,
    baseUrl: fake.baseUrl,
    onEvent: log.onEvent,
    ...extra,
  });
  return session;
}

describe('geminiLive against the fake Gemini Live', () => {
  it('sends the setup the SDK makes from the voice options, and resolves after setupComplete', async () => {
    fake = await startFakeGeminiLive({ apiKey: KEY });
    await open(new EventLog(), { voice: 'Kore', language: 'en-US' });
    const [connection] = fake.connections();
    expect(connection!.setup.model).toBe(`models/${DEFAULT_GEMINI_LIVE_MODEL}`);
    expect(connection!.setup.instructions).toBe('You are the voice of Ada.');
    expect(connection!.setup.functionDeclarations).toEqual([
      {
        name: 'ask_agent',
        description: 'Ask the agent',
        parametersJsonSchema: ASK_AGENT.parameters,
        behavior: 'NON_BLOCKING',
      },
    ]);
    expect(connection!.setup.raw).toMatchObject({
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } }, languageCode: 'en-US' },
      },
      inputAudioTranscription: {},
      outputAudioTranscription: {},
      sessionResumption: {},
      contextWindowCompression: { slidingWindow: {} },
    });
  });

  it('sends 16 kHz little-endian audio, plays 24 kHz audio back sample for sample, with both transcripts', async () => {
    fake = await startFakeGeminiLive({
      apiKey: KEY,
      speedUp: 20,
      script: [{ hear: 'hello', say: 'Hi there, Ada here' }],
    });
    const log = new EventLog();
    const voice = await open(log);
    const sent = speak(voice);
    await log.waitFor((event) => event.type === 'turn_complete');

    const [connection] = fake.connections();
    expect(connection!.audioRates).toEqual([16_000]);
    expect(connection!.audioReceivedMs).toBe(sent.length * 20);
    expect(connection!.audio).toEqual(sent);
    const played = log.of('audio').flatMap((event) => [...event.pcm]);
    expect(played).toEqual([...synthesizeSpeech('Hi there, Ada here', 60)]);
    expect(log.said('caller')).toBe('hello');
    expect(log.said('agent')).toBe('Hi there, Ada here');
    const transcripts = log.of('transcript');
    expect(transcripts.filter((event) => event.final).map((event) => event.role)).toEqual([
      'caller',
      'agent',
    ]);
    expect(transcripts.at(-1)).toEqual({ type: 'transcript', role: 'agent', text: '', final: true });
    expect(log.events.at(-2)?.type).toBe('turn_complete');
    expect(log.events.at(-1)?.type).toBe('usage');
  });

  it('calls a non-blocking tool, keeps talking, and speaks its answer sent with a scheduling', async () => {
    fake = await startFakeGeminiLive({
      apiKey: KEY,
      speedUp: 20,
      script: [
        {
          hear: 'what is on today',
          call: { name: 'ask_agent', args: { question: 'today' } },
          say: 'One moment',
        },
      ],
    });
    const log = new EventLog();
    const voice = await open(log);
    speak(voice);
    const call = await log.waitFor((event) => event.type === 'tool_call');
    expect(call).toMatchObject({ name: 'ask_agent', args: { question: 'today' } });
    await log.waitFor((event) => event.type === 'turn_complete');
    expect(log.said('agent')).toBe('One moment');
    voice.sendToolResult({
      id: (call as { id: string }).id,
      name: 'ask_agent',
      result: { answer: 'Lunch with Sam at noon' },
      scheduling: 'when_idle',
    });
    await fake.waitForTranscript('agent', 'Lunch with Sam at noon');
    await expect.poll(() => log.said('agent')).toBe('One momentLunch with Sam at noon');
    expect(fake.conversations()[0]!.toolResponses).toEqual([
      {
        id: (call as { id: string }).id,
        name: 'ask_agent',
        response: { answer: 'Lunch with Sam at noon' },
        scheduling: 'WHEN_IDLE',
      },
    ]);
  });

  it('reports a barge-in as interrupted and stops the model audio', async () => {
    fake = await startFakeGeminiLive({
      apiKey: KEY,
      script: [
        { hear: 'tell me a story', say: 'Once upon a time there was a very long story that went on and on' },
      ],
    });
    const log = new EventLog();
    const voice = await open(log);
    speak(voice);
    await log.waitFor((event) => event.type === 'audio');
    voice.sendAudio(frame(true));
    await log.waitFor((event) => event.type === 'interrupted');
    const audioBefore = log.of('audio').length;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(log.of('audio').length).toBe(audioBefore);
    expect(fake.conversations()[0]!.interruptions).toBe(1);
    const interruptedAt = log.events.findIndex((event) => event.type === 'interrupted');
    expect(log.events.slice(interruptedAt + 1).some((event) => event.type === 'audio')).toBe(false);
  });

  it('sends text turns the model answers', async () => {
    fake = await startFakeGeminiLive({ apiKey: KEY, speedUp: 20, script: [{ say: 'Hello, this is Ada' }] });
    const log = new EventLog();
    const voice = await open(log);
    voice.sendText('Greet the caller.');
    await log.waitFor((event) => event.type === 'turn_complete');
    expect(fake.conversations()[0]!.texts).toEqual(['Greet the caller.']);
    expect(log.said('agent')).toBe('Hello, this is Ada');
  });

  it('rejects a wrong key as auth, without the key in the message', async () => {
    fake = await startFakeGeminiLive({ apiKey: 'the-right-key' });
    const error = await open(new EventLog()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VoiceProviderError);
    expect((error as VoiceProviderError).kind).toBe('auth');
    expect((error as Error).message).toMatch(/refused the API key/);
    expect(
      JSON.stringify(error) + String((error as Error).message) + String((error as Error).stack),
    ).not.toContain(KEY);
  });

  it('rejects a model the server does not serve as refused, saying why', async () => {
    fake = await startFakeGeminiLive({ apiKey: KEY, models: [DEFAULT_GEMINI_LIVE_MODEL] });
    const error = await createGeminiLive({ model: 'gemini-unknown' })
      .connect({ instructions: '', tools: [], apiKey: KEY, baseUrl: fake.baseUrl, onEvent: () => {} })
      .catch((caught: unknown) => caught);
    expect((error as VoiceProviderError).kind).toBe('refused');
    expect((error as Error).message).toMatch(/models\/gemini-unknown is not found/);
    await open(new EventLog());
  });

  it('refuses an empty key instead of letting the SDK take one from the environment', async () => {
    fake = await startFakeGeminiLive({ apiKey: KEY });
    const error = await geminiLive
      .connect({ instructions: '', tools: [], apiKey: '', baseUrl: fake.baseUrl, onEvent: () => {} })
      .catch((caught: unknown) => caught);
    expect((error as VoiceProviderError).kind).toBe('auth');
    expect(fake.connections()).toEqual([]);
  });

  it('gives up on a server that never answers the setup, and closes the socket it opened', async () => {
    fake = await startFakeGeminiLive({ apiKey: KEY, hangOnSetup: true });
    const error = await createGeminiLive({ connectTimeoutMs: 200 })
      .connect({ instructions: '', tools: [], apiKey: KEY, baseUrl: fake.baseUrl, onEvent: () => {} })
      .catch((caught: unknown) => caught);
    expect((error as VoiceProviderError).kind).toBe('refused');
    expect((error as Error).message).toMatch(/did not accept the session setup within 0.2 s/);
    await expect.poll(() => fake.connections()[0]?.closed).toBe(true);
  });

  it('rejects an address where nothing listens as unreachable, without the key', async () => {
    fake = await startFakeGeminiLive({ apiKey: KEY });
    const error = await createGeminiLive()
      .connect({
        instructions: '',
        tools: [],
        apiKey: KEY,
        baseUrl: `http://127.0.0.1:${await freePort()}`,
        onEvent: () => {},
      })
      .catch((caught: unknown) => caught);
    expect((error as VoiceProviderError).kind).toBe('unreachable');
    expect((error as Error).message).not.toContain(KEY);
  });

  it('prices usage with the published audio and text prices', () => {
    const usage = {
      inputAudioTokens: 1_000_000,
      inputTextTokens: 1_000_000,
      outputAudioTokens: 1_000_000,
      outputTextTokens: 1_000_000,
    };
    expect(geminiLive.costUsd(usage)).toBeCloseTo(3 + 0.5 + 12 + 2, 10);
    expect(
      geminiLive.costUsd({ ...usage, inputAudioTokens: 0, inputTextTokens: 0, outputTextTokens: 0 }),
    ).toBe(12);
    expect(geminiLive.id).toBe('gemini');
    expect(geminiLive.formats).toEqual({ input: { sampleRate: 16_000 }, output: { sampleRate: 24_000 } });
  });
});
