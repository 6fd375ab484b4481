import type { CallServerMessage } from '@lifeosai/api-contract';
import { type FakeGeminiLive, startFakeGeminiLive } from '@lifeosai/testkit/fake-gemini-live';
import { text } from '@lifeosai/testkit/fake-llm';
import { sine } from '@lifeosai/voice-audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findCall } from '../domain/phone/calls.ts';
import {
  alice,
  mallory,
  startTestPlatform,
  type TestPlatform,
  testProviderKey,
} from '../testing/test-platform.ts';

/**
 * The browser leg of the phone bridge over a real socket (`ws`), a real Pi run against the
 * fake LLM, and the fake Gemini Live: the call socket protocol, the agent behind `ask_agent`,
 * one session per caller across calls, and who may call at all.
 */
describe('a call from the browser', () => {
  let platform: TestPlatform;
  let live: FakeGeminiLive;
  let agentId = '';

  beforeAll(async () => {
    live = await startFakeGeminiLive({ apiKey: testProviderKey, speedUp: 4 });
    platform = await startTestPlatform('sqlite', { geminiLiveBaseUrl: live.baseUrl });
    const created = await platform.call('POST', '/api/agent/agents', {
      name: 'Ada',
      adapterType: 'pi',
      adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    });
    agentId = created.body.id;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await live?.close();
  });

  const dial = async (path: string, identity = alice) => {
    const socket = new WebSocket(`${platform.url.replace(/^http/, 'ws')}${path}`, {
      headers: { authorization: await platform.tokens.authorization(identity) },
    });
    const messages: CallServerMessage[] = [];
    const audio: Buffer[] = [];
    socket.on('message', (data, isBinary) =>
      isBinary ? audio.push(data as Buffer) : messages.push(JSON.parse(String(data))),
    );
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const waitFor = (match: (message: CallServerMessage) => boolean, timeoutMs = 15_000) =>
      until(() => messages.find(match), timeoutMs);
    /** Half a second of "speech" (a loud tone) then silence: the fake hears the end of a turn. */
    const speak = () => {
      for (const pcm of [sine(220, 16_000, 500, 8000), new Int16Array(16_000 * 0.6)]) {
        for (let at = 0; at < pcm.length; at += 320) socket.send(pcm.subarray(at, at + 320));
      }
    };
    return { socket, messages, audio, closed, waitFor, speak };
  };

  it('answers from the agent, ends on a goodbye, records the call, and the next call continues the session', async () => {
    platform.fake.on((call) => call.lastUserText.includes('code word'), text('The code word is PELICAN.'));
    live.setScript([
      { say: 'Hello, Ada here.' },
      {
        hear: 'What is the code word?',
        say: 'One moment.',
        call: { name: 'ask_agent', args: { question: 'What is the code word?' } },
      },
      { hear: 'Thanks, bye.', say: 'Goodbye!', call: { name: 'end_call' } },
    ]);
    const call = await dial(`/api/agent/agents/${agentId}/call`);
    const ready = await call.waitFor((message) => message.type === 'ready');
    expect(ready).toMatchObject({ sessionId: null, sampleRates: { input: 16_000, output: 24_000 } });
    await call.waitFor(
      (message) => message.type === 'transcript' && message.role === 'agent' && message.final,
    );
    call.speak();
    const thinking = await call.waitFor(
      (message) => message.type === 'thinking' && message.runId !== undefined,
    );
    await live.waitForTranscript('agent', /PELICAN/, 20_000);
    call.speak();
    const ended = await call.waitFor((message) => message.type === 'ended');
    await call.closed;
    expect(ended).toEqual({ type: 'ended', reason: 'the call ended with a goodbye', failed: false });
    // The agent's voice: 20 ms frames of 24 kHz PCM16, and all of the goodbye was sent before `ended`.
    expect(call.audio.length).toBeGreaterThan(50);
    expect(call.audio.every((frame) => frame.length === 960)).toBe(true);
    const spoken = call.messages.filter(
      (message) => message.type === 'transcript' && message.role === 'agent',
    );
    expect(spoken.map((message) => (message.type === 'transcript' ? message.text : '')).join('')).toContain(
      'Goodbye!',
    );

    const runId = thinking.type === 'thinking' ? thinking.runId! : '';
    const run = await platform.call('GET', `/api/agent/runs/${runId}`);
    expect(run.body).toMatchObject({ status: 'succeeded', trigger: { kind: 'phone', by: alice.userId } });
    const ready1 = ready.type === 'ready' ? ready : undefined;
    const record = await until(async () => {
      const row = await findCall(platform.database.db, ready1!.callId);
      return row?.status === 'completed' ? row : undefined;
    });
    expect(record).toMatchObject({
      source: 'browser',
      caller: `user:${alice.userId}`,
      endReason: 'the call ended with a goodbye',
      runIds: [runId],
      sessionId: run.body.sessionId,
      voiceProvider: 'gemini',
    });
    expect(record.transcript.map((line) => [line.role, line.text])).toEqual([
      ['agent', 'Hello, Ada here.'],
      ['caller', 'What is the code word?'],
      ['agent', 'One moment.'],
      ['agent', 'The code word is PELICAN.'],
      ['caller', 'Thanks, bye.'],
      ['agent', 'Goodbye!'],
    ]);
    expect(record.voiceCostUsd).toBeGreaterThan(0);
    expect(record.costUsd).toBeGreaterThan(record.voiceCostUsd!);
    expect(record.durationSec).toBeGreaterThanOrEqual(0);
    // The voice heard the caller at 16 kHz and was told what it is and what it may call.
    const setup = live.connections().at(-1)!.setup;
    expect(setup.instructions).toContain('You are the voice of Ada');
    expect(setup.functionDeclarations.map((tool) => tool.name)).toEqual(['ask_agent', 'end_call']);
    expect(live.conversations().at(-1)!.toolResponses[0]).toMatchObject({
      name: 'ask_agent',
      response: { answer: 'The code word is PELICAN.' },
      scheduling: 'WHEN_IDLE',
    });

    // The next call continues the same conversation; the caller hangs up this time.
    live.setScript([{ say: 'Hello again.' }]);
    const again = await dial(`/api/agent/agents/${agentId}/call`);
    expect(await again.waitFor((message) => message.type === 'ready')).toMatchObject({
      sessionId: run.body.sessionId,
    });
    await again.waitFor((message) => message.type === 'transcript' && message.final);
    again.socket.send(JSON.stringify({ type: 'hangup' }));
    expect(await again.waitFor((message) => message.type === 'ended')).toMatchObject({
      reason: 'the caller hung up',
      failed: false,
    });
    await again.closed;
    expect(platform.phone.localCallIds()).toEqual([]);
  }, 60_000);

  it('refuses strangers before the socket opens, and ends politely when the organization has no voice key', async () => {
    const refused = async (path: string, authorization?: string) => {
      const socket = new WebSocket(`${platform.url.replace(/^http/, 'ws')}${path}`, {
        headers: authorization ? { authorization } : {},
      });
      return new Promise<{ status: number; body: string }>((resolve) => {
        socket.on('unexpected-response', (_request, response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
      });
    };
    const anonymous = await refused(`/api/agent/agents/${agentId}/call`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error.code).toBe('UNAUTHENTICATED');
    const foreign = await refused(
      `/api/agent/agents/${agentId}/call`,
      await platform.tokens.authorization(mallory),
    );
    expect(foreign.status).toBe(404);
    const otherSession = await refused(
      `/api/agent/agents/${agentId}/call?sessionId=ses_nope`,
      await platform.tokens.authorization(alice),
    );
    expect(otherSession.status).toBe(404);
    expect((await refused('/api/agent/nothing-here')).status).toBe(404);

    // Mallory's organization set a Gemini base URL of its own but no key: no voice for it.
    const now = new Date().toISOString();
    await platform.database.db
      .insertInto('providerSettings')
      .values({
        id: 'prs_mallory_google',
        orgId: mallory.orgId,
        provider: 'google',
        baseUrl: 'http://127.0.0.1:9',
        defaultModel: null,
        apiKeyRef: null,
        updatedBy: mallory.userId,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    const hers = await platform.call(
      'POST',
      '/api/agent/agents',
      {
        name: 'Eve',
        adapterType: 'pi',
        adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
      },
      mallory,
    );
    const call = await dial(`/api/agent/agents/${hers.body.id}/call`, mallory);
    const ended = await call.waitFor((message) => message.type === 'ended');
    expect(ended).toMatchObject({ failed: true, reason: expect.stringContaining('add a Gemini API key') });
    expect(call.messages.some((message) => message.type === 'ready')).toBe(false);
  }, 30_000);
});

async function until<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
