import { once } from 'node:events';
import { GoogleGenAI, type LiveServerMessage, type Session } from '@google/genai';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { pcmToBase64 } from './pcm.ts';
import { startFakeGeminiLive } from './server.ts';
import type { FakeGeminiLive, FakeGeminiLiveOptions } from './types.ts';

let fake: FakeGeminiLive;
let session: Session | undefined;
afterEach(async () => {
  session?.close();
  session = undefined;
  await fake?.close();
});

/** A real SDK session against the fake, with every message it got (and when). */
async function connect(options: FakeGeminiLiveOptions, handle?: string) {
  if (!handle) fake = await startFakeGeminiLive(options);
  const messages: Array<{ at: number; message: LiveServerMessage }> = [];
  const ai = new GoogleGenAI({ apiKey: fake.apiKey, httpOptions: { baseUrl: fake.baseUrl } });
  session = await ai.live.connect({
    model: 'gemini-test',
    config: { sessionResumption: handle ? { handle } : {} },
    callbacks: { onmessage: (message) => messages.push({ at: Date.now(), message }) },
  });
  return { session, messages };
}

const loud = (ms: number) => {
  const samples = new Int16Array((ms / 1000) * 16_000);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin(i / 5));
  return samples;
};
const audio = (samples: Int16Array) => ({
  audio: { data: pcmToBase64(samples), mimeType: 'audio/pcm;rate=16000' },
});
const until = async (check: () => boolean) => expect.poll(check, { timeout: 5_000 }).toBe(true);

it('waits the scripted delay after the end of speech before the first reply audio', async () => {
  const { session, messages } = await connect({
    replyDelayMs: 300,
    speedUp: 20,
    script: [{ hear: 'hi', say: 'Hello' }],
  });
  session.sendRealtimeInput(audio(loud(200)));
  session.sendRealtimeInput(audio(new Int16Array(8_000)));
  const endOfSpeech = Date.now();
  await until(() => messages.some(({ message }) => message.serverContent?.turnComplete));
  const heard = messages.find(({ message }) => message.serverContent?.inputTranscription)!;
  const firstAudio = messages.find(({ message }) => message.serverContent?.modelTurn)!;
  expect(heard.message.serverContent?.inputTranscription?.text).toBe('hi');
  expect(firstAudio.at - endOfSpeech).toBeGreaterThanOrEqual(290);
  expect(messages.at(-1)!.message.sessionResumptionUpdate?.resumable).toBe(true);
});

it('takes activityEnd as the end of a turn, and speaks tool answers by scheduling', async () => {
  const { session, messages } = await connect({
    speedUp: 50,
    script: [
      { call: { name: 'ask_agent' }, say: 'One moment please, I am looking' },
      { call: { name: 'ask_agent' } },
    ],
  });
  session.sendRealtimeInput({ activityEnd: {} });
  await until(() => messages.some(({ message }) => message.toolCall));
  const [first] = messages.find(({ message }) => message.toolCall)!.message.toolCall!.functionCalls!;
  await until(() => messages.some(({ message }) => message.serverContent?.modelTurn));
  session.sendToolResponse({
    functionResponses: [
      { id: first!.id, name: 'ask_agent', response: { answer: 'Noon' }, scheduling: 'INTERRUPT' as never },
    ],
  });
  await fake.waitForTranscript('agent', 'Noon');
  const conversation = fake.conversations()[0]!;
  // INTERRUPT cut the filler short.
  expect(conversation.transcript[0]!.text.length).toBeLessThan('One moment please, I am looking'.length);
  session.sendRealtimeInput({ activityEnd: {} });
  await until(() => messages.filter(({ message }) => message.toolCall).length === 2);
  const second = messages.filter(({ message }) => message.toolCall)[1]!.message.toolCall!.functionCalls![0]!;
  session.sendToolResponse({
    functionResponses: [
      { id: second.id, name: 'ask_agent', response: { answer: 'Quiet' }, scheduling: 'SILENT' as never },
    ],
  });
  await until(() => conversation.toolResponses.length === 2);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(conversation.transcript.map((entry) => entry.text)).not.toContain('Quiet');
});

it('continues a conversation on a known handle, refuses an unknown one, and says goAway on its own', async () => {
  const { messages } = await connect({
    goAwayAfterMs: 50,
    goAwayTimeLeftMs: 100,
    script: [{ say: 'a' }, { say: 'b' }],
  });
  await until(() => messages.some(({ message }) => message.goAway?.timeLeft === '0.1s'));
  const handle = messages.find(({ message }) => message.sessionResumptionUpdate)!.message
    .sessionResumptionUpdate!.newHandle!;
  await until(() => fake.connections()[0]!.closed);
  await connect({}, handle);
  expect(fake.connections()[1]).toMatchObject({ resumedWith: handle, conversationId: 1 });

  const socket = new WebSocket(
    `${fake.baseUrl.replace('http', 'ws')}//ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=${fake.apiKey}`,
  );
  await once(socket, 'open');
  socket.send(JSON.stringify({ setup: { model: 'models/x', sessionResumption: { handle: 'nope' } } }));
  const [code, reason] = await once(socket, 'close');
  expect(code).toBe(1008);
  expect(String(reason)).toMatch(/handle is not valid/);
});

it('answers 404 off the Live path', async () => {
  fake = await startFakeGeminiLive();
  const socket = new WebSocket(`${fake.baseUrl.replace('http', 'ws')}/ws/other?key=${fake.apiKey}`);
  const [error] = await once(socket, 'error');
  expect(String((error as Error).message)).toMatch(/404/);
});
