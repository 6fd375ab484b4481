import { readFileSync } from 'node:fs';
import { type HarnessEvent, harnessEventSchema } from '@lifeosai/events';
import { describe, expect, it } from 'vitest';
import type { PiEvent } from '../shared/pi-events.ts';
import { normalizePiEvents } from './normalize-recording.ts';
import { PiEventNormalizer } from './normalizer.ts';
import { endingOf } from './terminal-events.ts';

const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/pi-events.anthropic.json', import.meta.url), 'utf8'),
) as PiEvent[];

function streamedText(bodies: HarnessEvent[]): string {
  return bodies
    .map((body) =>
      body.type === 'stream_event' &&
      body.event.type === 'content_block_delta' &&
      body.event.delta.type === 'text_delta'
        ? body.event.delta.text
        : '',
    )
    .join('');
}

const usage = (input: number, output: number) => ({
  input,
  output,
  cacheRead: 0,
  cacheWrite: 0,
  cost: { total: 0 },
});

function assistantEnd(message: Record<string, unknown>, entryId?: string): PiEvent {
  return {
    type: 'message_end',
    message: { role: 'assistant', model: 'claude-sonnet-4-6', usage: usage(10, 5), ...message },
    ...(entryId ? { entryId } : {}),
  };
}

describe('normalizePiEvents on a recorded run (thinking, text, tool call, streamed answer)', () => {
  const bodies = normalizePiEvents(recorded, { sessionId: 'sess-1', newMessageId: () => 'msg_synthetic' });

  it('yields only bodies the unified event schema accepts', () => {
    for (const body of bodies) expect(harnessEventSchema.safeParse(body).error).toBeUndefined();
  });

  it('streams the same text the assistant messages hold, deltas before each message', () => {
    const assistants = bodies.filter((body) => body.type === 'assistant');
    const text = assistants
      .flatMap((body) => body.message.content)
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join('');
    expect(streamedText(bodies)).toBe(text);
    expect(text).toContain('everything works as expected');
    const firstDelta = bodies.findIndex((body) => body.type === 'stream_event');
    expect(firstDelta).toBeLessThan(bodies.indexOf(assistants[0]!));
  });

  it('maps thinking, text and the tool call into Anthropic-shaped blocks with native ids', () => {
    const first = bodies.find((body) => body.type === 'assistant');
    expect(first).toMatchObject({
      message: {
        id: 'msg_fake_000001',
        model: 'claude-sonnet-4-6',
        stop_reason: 'tool_use',
        content: [
          { type: 'thinking', thinking: 'The user wants an echo.', signature: expect.any(String) },
          { type: 'text', text: 'Calling the echo tool.' },
          {
            type: 'tool_use',
            id: 'toolu_fake_000001',
            name: 'mcp__lifeosai__echo_text',
            input: { text: 'hello' },
          },
        ],
      },
      native: { sessionId: 'sess-1', messageId: expect.any(String) },
    });
    const toolStart = bodies.find(
      (body) =>
        body.type === 'stream_event' && body.event.type === 'content_block_start' && body.event.index === 2,
    );
    expect(toolStart).toMatchObject({
      event: {
        content_block: { type: 'tool_use', id: 'toolu_fake_000001', name: 'mcp__lifeosai__echo_text' },
      },
    });
  });

  it('sends the tool result back as a user message with a tool_result block', () => {
    expect(bodies.find((body) => body.type === 'user')).toMatchObject({
      message: {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_fake_000001',
            content: [{ type: 'text', text: 'echo:hello' }],
          },
        ],
      },
    });
  });

  it('ends with a success result summing both calls, priced from the table', () => {
    const usages = bodies.filter((body) => body.type === 'usage');
    expect(usages).toHaveLength(2);
    const result = bodies.at(-1);
    expect(result).toMatchObject({ type: 'result', subtype: 'success', is_error: false, num_turns: 2 });
    if (result?.type !== 'result') throw new Error('no result');
    const input = usages.reduce(
      (sum, body) => sum + (body.type === 'usage' ? body.usage.input_tokens : 0),
      0,
    );
    expect(result.usage.input_tokens).toBe(input);
    expect(result.cost_computed).toBe(true);
    expect(result.total_cost_usd).toBeCloseTo((input * 3 + result.usage.output_tokens * 15) / 1_000_000, 12);
    expect(result.result).toBe('The tool answered echo:hello, so everything works as expected.');
  });
});

describe('PiEventNormalizer', () => {
  it('gives Pi’s own events (with a live partial on every step) the same bodies as wire events', () => {
    const withPartials = recorded.map((event) =>
      event.type === 'message_update'
        ? {
            ...event,
            assistantMessageEvent: {
              partial: { content: [], responseId: 'msg_fake_000001' },
              ...(event.assistantMessageEvent as object),
            },
          }
        : event,
    );
    const ids = () => 'msg_synthetic';
    expect(normalizePiEvents(withPartials, { newMessageId: ids })).toEqual(
      normalizePiEvents(recorded, { newMessageId: ids }),
    );
  });

  it('keeps a failed call without content out of the assistant stream and classifies it', () => {
    const normalizer = new PiEventNormalizer();
    const failed = assistantEnd({
      content: [],
      stopReason: 'error',
      errorMessage: '429 {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}',
      usage: usage(0, 0),
    });
    expect(normalizer.push(failed)).toEqual([]);
    const summary = normalizer.summary();
    expect(summary.numTurns).toBe(1);
    expect(endingOf(summary)).toMatchObject({ kind: 'failure', errorClass: 'rate_limit' });
  });

  it('reports a retry as status and marks the retried attempt superseded', () => {
    const normalizer = new PiEventNormalizer();
    normalizer.push(
      assistantEnd(
        { content: [{ type: 'text', text: 'half' }], stopReason: 'error', errorMessage: 'terminated' },
        'e1',
      ),
    );
    const [status] = normalizer.push({
      type: 'auto_retry_start',
      attempt: 1,
      maxAttempts: 2,
      delayMs: 2000,
      errorMessage: '529 {"type":"error","error":{"type":"overloaded_error","message":"busy"}}',
    });
    expect(status).toEqual({
      type: 'status',
      status: 'retrying',
      message: expect.stringContaining('overloaded'),
      retry: { attempt: 1, maxRetries: 2, delayMs: 2000, errorClass: 'overloaded' },
    });
    const [assistant] = normalizer.push(
      assistantEnd({ content: [{ type: 'text', text: 'whole' }], stopReason: 'stop' }, 'e2'),
    );
    expect(assistant).toMatchObject({ type: 'assistant', supersedes: ['e1'], native: { messageId: 'e2' } });
    expect(endingOf(normalizer.summary())).toEqual({ kind: 'success' });
  });

  it('turns tool execution updates into tool_progress with the elapsed time', () => {
    let now = 1000;
    const normalizer = new PiEventNormalizer({ now: () => now });
    normalizer.push({ type: 'tool_execution_start', toolCallId: 't1', toolName: 'bash', args: {} });
    now = 3500;
    const [progress] = normalizer.push({
      type: 'tool_execution_update',
      toolCallId: 't1',
      toolName: 'bash',
      partialResult: { content: [{ type: 'text', text: 'line 1\n' }] },
    });
    expect(progress).toEqual({
      type: 'tool_progress',
      tool_use_id: 't1',
      tool_name: 'bash',
      parent_tool_use_id: null,
      elapsed_time_seconds: 2.5,
      partial_output: 'line 1\n',
    });
  });

  it('reports compaction and bills its summary call', () => {
    const normalizer = new PiEventNormalizer({ model: 'claude-haiku-4-5' });
    expect(normalizer.push({ type: 'compaction_start', reason: 'threshold' })).toEqual([
      { type: 'status', status: 'compacting' },
    ]);
    const [boundary] = normalizer.push({
      type: 'compaction_end',
      reason: 'threshold',
      aborted: false,
      willRetry: false,
      result: { tokensBefore: 150_000, estimatedTokensAfter: 20_000, usage: usage(1000, 200) },
    });
    expect(boundary).toMatchObject({
      type: 'system',
      subtype: 'compact_boundary',
      compact_metadata: { trigger: 'auto', pre_tokens: 150_000, post_tokens: 20_000 },
    });
    expect(normalizer.summary().usage).toMatchObject({ input_tokens: 1000, output_tokens: 200 });
  });

  it('uses Pi’s cost when Pi priced the call', () => {
    const normalizer = new PiEventNormalizer();
    normalizer.push(
      assistantEnd({
        content: [{ type: 'text', text: 'hi' }],
        stopReason: 'stop',
        model: 'local-llama',
        usage: { ...usage(100, 10), cost: { total: 0.25 } },
      }),
    );
    expect(normalizer.summary()).toMatchObject({ totalCostUsd: 0.25, costComputed: false });
  });

  it('knows no price for an unknown model and says so with null', () => {
    const normalizer = new PiEventNormalizer();
    normalizer.push(
      assistantEnd({ content: [{ type: 'text', text: 'hi' }], stopReason: 'stop', model: 'local-llama' }),
    );
    expect(normalizer.summary()).toMatchObject({ totalCostUsd: null, costComputed: false });
  });

  it('ignores lifecycle events, system messages and the prompt echo', () => {
    const normalizer = new PiEventNormalizer();
    for (const type of [
      'agent_start',
      'turn_start',
      'turn_end',
      'agent_end',
      'agent_settled',
      'queue_update',
    ]) {
      expect(normalizer.push({ type })).toEqual([]);
    }
    expect(normalizer.push({ type: 'message_end', message: { role: 'user', content: 'hi' } })).toEqual([]);
    expect(normalizer.push({ type: 'message_end', message: { role: 'system', content: '' } })).toEqual([]);
  });
});
