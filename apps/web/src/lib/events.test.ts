import { describe, expect, it } from 'vitest';
import { applyEvent, type ChatItem, type RunEvent } from './events.ts';

const fold = (events: RunEvent[]) =>
  events.reduce<ChatItem[]>((items, event) => applyEvent(items, event, 'r'), []);

describe('applyEvent', () => {
  it('streams text deltas into one bubble and settles it on the assistant message', () => {
    const delta = (seq: number, text: string): RunEvent => ({
      seq,
      type: 'stream_event',
      event: { type: 'content_block_delta', delta: { type: 'text_delta', text } },
    });
    const streaming = fold([delta(1, 'Hel'), delta(2, 'lo')]);
    expect(streaming).toEqual([{ kind: 'text', key: 'r:1', text: 'Hello', streaming: true }]);
    const settled = applyEvent(
      streaming,
      { seq: 3, type: 'assistant', message: { content: [{ type: 'text', text: 'Hello' }] } },
      'r',
    );
    expect(settled).toEqual([{ kind: 'text', key: 'r:1', text: 'Hello', streaming: false }]);
  });

  it('pairs a tool call with its result and ends with the result line', () => {
    const items = fold([
      {
        seq: 1,
        type: 'assistant',
        message: { content: [{ type: 'tool_use', id: 't1', name: 'bash', input: { command: 'ls' } }] },
      },
      {
        seq: 2,
        type: 'user',
        message: {
          content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'a.txt' }] }],
        },
      },
      {
        seq: 3,
        type: 'result',
        subtype: 'success',
        usage: { input_tokens: 10, output_tokens: 2 },
        total_cost_usd: 0.5,
      },
    ]);
    expect(items).toEqual([
      {
        kind: 'tool',
        key: 'r:1:t1',
        id: 't1',
        name: 'bash',
        input: { command: 'ls' },
        result: 'a.txt',
        isError: false,
      },
      { kind: 'result', key: 'r:3', subtype: 'success', costUsd: 0.5, tokens: 12 },
    ]);
  });

  it('shows errors and ignores unknown event types', () => {
    const items = fold([
      { seq: 1, type: 'usage' },
      { seq: 2, type: 'error', error: { message: 'rate limited' } },
    ]);
    expect(items).toEqual([{ kind: 'error', key: 'r:2', message: 'rate limited' }]);
  });
});
