import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { harnessEventSchema } from '@lifeosai/events';
import { describe, expect, it } from 'vitest';
import { mapSdkMessage } from './map-sdk-message.ts';
import { UsageTracker } from './usage-tracker.ts';

/*
 * Messages as Claude Code 2.1.330 sent them to the fake LLM (trimmed of fields we ignore):
 * the mapping is checked against what the CLI really emits, and every output against our
 * schemas.
 */
const session = { session_id: '79be15aa-afcf-4ab8-ba2e-ce01de3b26a7' };
const sdk = (message: object) =>
  ({ ...session, uuid: 'b1a2c3d4-0000-4000-8000-000000000001', ...message }) as unknown as SDKMessage;

function mapAll(messages: SDKMessage[]) {
  const tracker = new UsageTracker();
  const events = messages.flatMap((message) => mapSdkMessage(message, tracker));
  for (const event of events) expect(harnessEventSchema.safeParse(event).error).toBeUndefined();
  return { events, tracker };
}

const streamed = (event: object) => sdk({ type: 'stream_event', event, parent_tool_use_id: null });
const messageStart = streamed({
  type: 'message_start',
  message: {
    id: 'msg_fake_000001',
    type: 'message',
    role: 'assistant',
    model: 'claude-opus-5-5',
    content: [],
    stop_reason: null,
    usage: {
      input_tokens: 17516,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 1,
    },
  },
});

describe('mapSdkMessage', () => {
  it('maps init, moving the session id into native', () => {
    const { events } = mapAll([
      sdk({
        type: 'system',
        subtype: 'init',
        cwd: '/tmp/ws',
        tools: ['Bash', 'Read', 'mcp__lifeos__echo_text'],
        mcp_servers: [{ name: 'lifeos', status: 'connected', source: 'sdk' }],
        model: 'claude-opus-5-5',
        permissionMode: 'default',
        slash_commands: [],
        apiKeySource: 'ANTHROPIC_API_KEY',
        claude_code_version: '2.1.330',
        output_style: 'default',
        skills: ['lifeos:weather'],
        plugins: [],
      }),
    ]);
    expect(events).toEqual([
      {
        type: 'system',
        subtype: 'init',
        model: 'claude-opus-5-5',
        tools: ['Bash', 'Read', 'mcp__lifeos__echo_text'],
        cwd: '/tmp/ws',
        mcp_servers: [{ name: 'lifeos', status: 'connected' }],
        permissionMode: 'default',
        skills: ['lifeos:weather'],
        harness_version: '2.1.330',
        native: { sessionId: session.session_id },
      },
    ]);
  });

  it('passes the stream through and emits one usage event per model call', () => {
    const { events, tracker } = mapAll([
      messageStart,
      streamed({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      streamed({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello ' } }),
      streamed({ type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } }),
      streamed({ type: 'content_block_stop', index: 0 }),
      streamed({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: {
          input_tokens: 17516,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 5,
        },
      }),
      streamed({ type: 'message_stop' }),
    ]);
    expect(events.map((event) => (event.type === 'stream_event' ? event.event.type : event.type))).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
      'usage',
    ]);
    expect(events.at(-1)).toEqual({
      type: 'usage',
      model: 'claude-opus-5-5',
      usage: {
        input_tokens: 17516,
        output_tokens: 5,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    expect(tracker.calls).toBe(1);
  });

  it('splits a multi-block assistant message into one event per block, keeping unknown blocks opaque', () => {
    const { events } = mapAll([
      sdk({
        type: 'assistant',
        parent_tool_use_id: null,
        message: {
          id: 'msg_fake_000002',
          type: 'message',
          role: 'assistant',
          model: 'claude-opus-5-5',
          content: [
            { type: 'thinking', thinking: 'Let me look.', signature: 'sig' },
            { type: 'text', text: 'Listing.', citations: null },
            { type: 'tool_use', id: 'toolu_fake_000001', name: 'Bash', input: { command: 'ls' } },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
          ],
          stop_reason: 'tool_use',
          usage: { input_tokens: 10, output_tokens: 4 },
        },
      }),
    ]);
    expect(events).toHaveLength(4);
    expect(events.map((event) => (event.type === 'assistant' ? event.message.content[0]?.type : ''))).toEqual(
      ['thinking', 'text', 'tool_use', 'opaque'],
    );
    expect(events[1]).toMatchObject({
      message: {
        id: 'msg_fake_000002',
        content: [{ type: 'text', text: 'Listing.' }],
        stop_reason: 'tool_use',
      },
      native: { sessionId: session.session_id, messageId: 'b1a2c3d4-0000-4000-8000-000000000001' },
    });
  });

  it('keeps the SDK error code of a synthetic error message', () => {
    const { events } = mapAll([
      sdk({
        type: 'assistant',
        parent_tool_use_id: null,
        error: 'authentication_failed',
        message: {
          id: '88ec6757-f951-4dee-8b4c-51589c622fd2',
          model: '<synthetic>',
          role: 'assistant',
          stop_reason: 'stop_sequence',
          content: [{ type: 'text', text: 'Invalid API key · Fix external API key' }],
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      }),
    ]);
    expect(events[0]).toMatchObject({ type: 'assistant', error: 'authentication_failed' });
  });

  it('maps tool results with their structured output', () => {
    const { events } = mapAll([
      sdk({
        type: 'user',
        parent_tool_use_id: null,
        message: {
          role: 'user',
          content: [
            {
              tool_use_id: 'toolu_fake_000001',
              type: 'tool_result',
              content: [{ type: 'text', text: 'remembered' }],
            },
          ],
        },
        tool_use_result: [{ type: 'text', text: 'remembered' }],
      }),
    ]);
    expect(events[0]).toMatchObject({
      type: 'user',
      message: { content: [{ type: 'tool_result', tool_use_id: 'toolu_fake_000001' }] },
      tool_use_result: [{ type: 'text', text: 'remembered' }],
    });
  });

  it('maps status and retries, and drops messages our schema has no type for', () => {
    const { events } = mapAll([
      sdk({ type: 'system', subtype: 'status', status: 'requesting' }),
      sdk({ type: 'system', subtype: 'status', status: null }),
      sdk({
        type: 'system',
        subtype: 'api_retry',
        attempt: 1,
        max_retries: 2,
        retry_delay_ms: 600,
        error_status: 529,
        error: 'overloaded',
      }),
      sdk({
        type: 'system',
        subtype: 'hook_started',
        hook_id: 'h',
        hook_name: 'x',
        hook_event: 'PreToolUse',
      }),
      sdk({ type: 'rate_limit_event', rate_limit_info: {} }),
    ]);
    expect(events).toEqual([
      { type: 'status', status: 'requesting' },
      {
        type: 'status',
        status: 'retrying',
        message: 'model call failed (529); retrying',
        retry: { attempt: 1, maxRetries: 2, delayMs: 600, errorClass: 'overloaded' },
      },
    ]);
  });
});
