import { describe, expect, it } from 'vitest';
import { followRunStream, parseSseFrames } from './event-stream.ts';
import type { RunEvent } from './events.ts';

const frame = (event: RunEvent) =>
  `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/** A fetch that answers each call with the next body (split in two chunks mid-frame), recording headers. */
function scriptedFetch(bodies: (string | number)[]) {
  const requests: Headers[] = [];
  const fetchStub = (async (_url: string, init?: RequestInit) => {
    requests.push(new Headers(init?.headers));
    const body = bodies.shift();
    if (typeof body === 'number') return new Response('{}', { status: body });
    const text = body ?? '';
    const middle = Math.floor(text.length / 2);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text.slice(0, middle)));
        controller.enqueue(new TextEncoder().encode(text.slice(middle)));
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { fetchStub, requests };
}

describe('parseSseFrames', () => {
  it('returns complete frames, skips comments and keeps the unfinished rest', () => {
    const { frames, rest } = parseSseFrames(
      ': keep-alive\n\nid: 1\nevent: usage\ndata: {"a":1}\n\nid: 2\nda',
    );
    expect(frames).toEqual([{ id: '1', event: 'usage', data: '{"a":1}' }]);
    expect(rest).toBe('id: 2\nda');
  });
});

describe('followRunStream', () => {
  it('delivers every event whatever its type, resumes a dropped stream after the last id, ends at the result', async () => {
    const { fetchStub, requests } = scriptedFetch([
      frame({ seq: 1, type: 'system', subtype: 'init' }) + frame({ seq: 2, type: 'a_type_from_the_future' }),
      frame({ seq: 3, type: 'result', subtype: 'success' }),
    ]);
    const events: RunEvent[] = [];
    const ended = await new Promise<Error | undefined>((resolve) => {
      void followRunStream('/api/agent/runs/run_1/stream', {
        fetch: fetchStub,
        retryMs: 0,
        signal: new AbortController().signal,
        onEvent: (event) => events.push(event),
        onEnd: resolve,
      });
    });
    expect(ended).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual(['system', 'a_type_from_the_future', 'result']);
    expect(requests.map((headers) => headers.get('last-event-id'))).toEqual([null, '2']);
  });

  it('ends with the reason when the stream is refused', async () => {
    const { fetchStub } = scriptedFetch([404]);
    const ended = await new Promise<Error | undefined>((resolve) => {
      void followRunStream('/x', {
        fetch: fetchStub,
        signal: new AbortController().signal,
        onEvent: () => undefined,
        onEnd: resolve,
      });
    });
    expect(ended?.message).toMatch(/404/);
  });
});
