import type { Session } from '@lifeosai/api-contract';
import { describe, expect, it } from 'vitest';
import { applyEvent, type ChatItem, conversationItems, type RunEvent, settleRun } from './events.ts';

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
      {
        kind: 'result',
        key: 'r:3',
        runId: 'r',
        subtype: 'success',
        outcome: { kind: 'succeeded' },
        costUsd: 0.5,
        tokens: 12,
      },
    ]);
  });

  it('shows errors in words; usage counts only in the result line', () => {
    const items = fold([
      { seq: 1, type: 'usage' },
      { seq: 2, type: 'error', errorClass: 'rate_limit', message: '429 rate limited', retryable: true },
    ]);
    expect(items).toEqual([
      {
        kind: 'error',
        key: 'r:2',
        message: 'The model provider is limiting requests right now — wait a minute, then send again.',
      },
    ]);
  });

  it('a failure after partial output keeps the text and shows one error, never "Done"', () => {
    const items = fold([
      {
        seq: 1,
        type: 'stream_event',
        event: { type: 'content_block_delta', delta: { type: 'text_delta', text: 'Half an answer' } },
      },
      {
        seq: 2,
        type: 'error',
        errorClass: 'provider_unreachable',
        message: 'Connection error.',
        retryable: true,
      },
      {
        seq: 3,
        type: 'result',
        subtype: 'error_during_execution',
        is_error: true,
        error_class: 'provider_unreachable',
        errors: ['Connection error.'],
        usage: { input_tokens: 3 },
      },
    ]);
    expect(items.map((item) => item.kind)).toEqual(['text', 'result']);
    expect(items[0]).toEqual({ kind: 'text', key: 'r:1', text: 'Half an answer', streaming: false });
    expect(items[1]).toMatchObject({
      kind: 'result',
      outcome: { kind: 'failed', message: expect.stringMatching(/^The model server did not answer/) },
    });
  });

  it('settleRun ends a turn the stream never ended, from the run as the API shows it', () => {
    const streamed = fold([
      {
        seq: 1,
        type: 'stream_event',
        event: { type: 'content_block_delta', delta: { type: 'text_delta', text: 'So far' } },
      },
    ]);
    const settled = settleRun(streamed, { id: 'r', status: 'cancelled', usage: null, costUsd: null });
    expect(settled).toEqual([
      { kind: 'text', key: 'r:1', text: 'So far', streaming: false },
      {
        kind: 'result',
        key: 'r:settled',
        runId: 'r',
        subtype: 'error_during_execution',
        outcome: { kind: 'stopped' },
        costUsd: null,
        tokens: 0,
      },
    ]);
    // A turn its result already ended is left as it is; a running run is not settled.
    expect(settleRun(settled, { id: 'r', status: 'failed' })).toBe(settled);
    expect(settleRun(streamed, { id: 'r', status: 'running' })).toBe(streamed);
  });

  it('shows an event type it has no view for as a generic row, in order, never dropping it', () => {
    const handoff: RunEvent = { seq: 2, type: 'handoff', runId: 'run_1', to: 'reviewer' };
    const items = fold([
      { seq: 1, type: 'system', subtype: 'init', model: 'claude-sonnet-4-6' },
      handoff,
      { seq: 3, type: 'assistant', message: { content: [{ type: 'text', text: 'Done.' }] } },
    ]);
    expect(items).toEqual([
      {
        kind: 'event',
        key: 'r:1',
        label: 'system · init',
        event: { seq: 1, type: 'system', subtype: 'init', model: 'claude-sonnet-4-6' },
      },
      { kind: 'event', key: 'r:2', label: 'handoff', event: handoff },
      { kind: 'text', key: 'r:3', text: 'Done.', streaming: false },
    ]);
  });

  it("shows a tool call's progress on its step, and progress of an unknown call as a row", () => {
    const items = fold([
      {
        seq: 1,
        type: 'assistant',
        message: { content: [{ type: 'tool_use', id: 't1', name: 'bash', input: {} }] },
      },
      { seq: 2, type: 'tool_progress', tool_use_id: 't1', tool_name: 'bash', elapsed_time_seconds: 4 },
      { seq: 3, type: 'tool_progress', tool_use_id: 't9', tool_name: 'bash', elapsed_time_seconds: 1 },
    ]);
    expect(items[0]).toMatchObject({ kind: 'tool', id: 't1', elapsedSeconds: 4 });
    expect(items[1]).toMatchObject({ kind: 'event', key: 'r:3', label: 'tool_progress' });
    expect(items).toHaveLength(2);
  });

  it('turns a permission request into a card that its own resolution settles, by request id', () => {
    const request = (seq: number, requestId: string, command: string): RunEvent => ({
      seq,
      type: 'permission_request',
      runId: 'run_1',
      requestId,
      toolName: 'bash',
      input: { command },
      expiresAt: '2026-11-20T10:05:00.000Z',
    });
    const asked = fold([request(1, 'perm_a', 'ls'), request(2, 'perm_b', 'rm -rf /tmp/x')]);
    expect(asked).toEqual([
      {
        kind: 'permission',
        key: 'r:perm_a',
        runId: 'run_1',
        requestId: 'perm_a',
        tool: 'bash',
        input: { command: 'ls' },
        expiresAt: '2026-11-20T10:05:00.000Z',
      },
      expect.objectContaining({ requestId: 'perm_b', input: { command: 'rm -rf /tmp/x' } }),
    ]);
    // Answered out of order: each resolution finds its own request.
    const settled = applyEvent(
      asked,
      {
        seq: 3,
        type: 'permission_resolved',
        runId: 'run_1',
        requestId: 'perm_b',
        toolName: 'bash',
        decision: 'deny',
        by: 'user',
        message: 'not on this machine',
      },
      'r',
    );
    expect(settled[0]).not.toHaveProperty('resolution');
    expect(settled[1]).toMatchObject({
      requestId: 'perm_b',
      resolution: { decision: 'deny', by: 'user', message: 'not on this machine' },
    });
  });

  it('shows a policy refusal that was never asked, and closes open requests when the run ends', () => {
    const items = fold([
      {
        seq: 1,
        type: 'permission_resolved',
        runId: 'run_1',
        requestId: 'perm_policy',
        toolName: 'write',
        decision: 'deny',
        by: 'policy',
        message: 'The permission policy does not allow write.',
      },
      {
        seq: 2,
        type: 'permission_request',
        runId: 'run_1',
        requestId: 'perm_open',
        toolName: 'bash',
        input: {},
      },
      { seq: 3, type: 'result', runId: 'run_1', subtype: 'error_during_execution', usage: {} },
    ]);
    expect(items[0]).toEqual({
      kind: 'permission',
      key: 'r:perm_policy',
      runId: 'run_1',
      requestId: 'perm_policy',
      tool: 'write',
      resolution: { decision: 'deny', by: 'policy', message: 'The permission policy does not allow write.' },
    });
    expect(items[1]).toMatchObject({ requestId: 'perm_open', closed: true });
    expect(items[1]).not.toHaveProperty('resolution');
    expect(items[2]).toMatchObject({ kind: 'result', subtype: 'error_during_execution' });
  });
});

describe('conversationItems', () => {
  const run = (id: string, prompt: string, answer: string) => ({
    id,
    prompt,
    events: [
      { seq: 1, type: 'assistant', message: { content: [{ type: 'text', text: answer }] } },
      { seq: 2, type: 'result', subtype: 'success', usage: {}, total_cost_usd: 0 },
    ],
  });

  it("reads back a session's runs, each turn ending on a result line that names its run", () => {
    const runs = [
      run('run_a', 'First?', 'One.'),
      { ...run('run_b', 'Second?', 'Two.'), trigger: { kind: 'heartbeat' } },
    ] as unknown as Session['runs'];
    expect(conversationItems(runs)).toEqual([
      { kind: 'user', key: 'run_a:prompt', text: 'First?' },
      { kind: 'text', key: 'run_a:1', text: 'One.', streaming: false },
      {
        kind: 'result',
        key: 'run_a:2',
        runId: 'run_a',
        subtype: 'success',
        outcome: { kind: 'succeeded' },
        costUsd: 0,
        tokens: 0,
      },
      // Each prompt says who sent it (the chat names anyone but the viewer).
      { kind: 'user', key: 'run_b:prompt', text: 'Second?', trigger: { kind: 'heartbeat' } },
      { kind: 'text', key: 'run_b:1', text: 'Two.', streaming: false },
      {
        kind: 'result',
        key: 'run_b:2',
        runId: 'run_b',
        subtype: 'success',
        outcome: { kind: 'succeeded' },
        costUsd: 0,
        tokens: 0,
      },
    ]);
    // The run the chat follows live is left out, with everything after it.
    expect(conversationItems(runs, 'run_b').map((item) => item.key)).toEqual([
      'run_a:prompt',
      'run_a:1',
      'run_a:2',
    ]);
  });
});
