import type { ChannelLoginEvent } from '@lifeosai/api-contract';
import { describe, expect, it } from 'vitest';
import { followLoginStream } from './channel-login-stream.ts';

/** A fetch answering each call with the next of `answers` (SSE text, or a refusal). */
function fakeFetch(answers: (string | Response)[]): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const fetchStream = (async () => {
    const answer = answers[Math.min(calls++, answers.length - 1)]!;
    if (answer instanceof Response) return answer;
    return new Response(answer, { headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { fetch: fetchStream, calls: () => calls };
}

describe('followLoginStream', () => {
  it('hands over each QR, pairing code and status, skips what is not JSON, and reconnects after a drop', async () => {
    const controller = new AbortController();
    const events: ChannelLoginEvent[] = [];
    const { fetch, calls } = fakeFetch([
      'data: {"qr":"one"}\n\n: keep-alive\n\ndata: not json\n\ndata: {"qr":"two"}\n\n',
      'data: {"pairingCode":"ABCD-1234"}\n\ndata: {"status":"connected"}\n\n',
    ]);
    await followLoginStream('/login', {
      fetch,
      retryMs: 1,
      signal: controller.signal,
      onEvent(event) {
        events.push(event);
      },
      onEnd: () => expect.fail('not refused'),
    });
    expect(events).toEqual([
      { qr: 'one' },
      { qr: 'two' },
      { pairingCode: 'ABCD-1234' },
      { status: 'connected' },
    ]);
    expect(calls()).toBe(2);
  });

  it("ends with the API's words when the stream is refused", async () => {
    const refusal = new Response(
      JSON.stringify({
        error: { code: 'CHANNEL_LOGIN_UNSUPPORTED', message: 'This channel has no interactive login.' },
      }),
      { status: 409, headers: { 'content-type': 'application/json' } },
    );
    const ended: Error[] = [];
    await followLoginStream('/login', {
      fetch: fakeFetch([refusal]).fetch,
      signal: new AbortController().signal,
      onEvent: () => expect.fail('no event'),
      onEnd: (error) => ended.push(error),
    });
    expect(ended.map((error) => error.message)).toEqual(['This channel has no interactive login.']);
  });
});
