import type { SessionUpdate } from '@agentclientprotocol/sdk/unstable';
import type { HarnessEvent } from '@lifeosai/events';
import { describe, expect, it } from 'vitest';
import { AcpUpdateMapper } from './update-mapper.ts';

const sessionId = 'sess_1';
const mapper = () => new AcpUpdateMapper({ sessionId, model: 'claude-sonnet-4-6' });
const text = (chunk: string, messageId?: string): SessionUpdate => ({
  sessionUpdate: 'agent_message_chunk',
  content: { type: 'text', text: chunk },
  ...(messageId === undefined ? {} : { messageId }),
});
const rawTypes = (events: HarnessEvent[]) =>
  events.map((event) => (event.type === 'stream_event' ? `stream:${event.event.type}` : event.type));

describe('AcpUpdateMapper', () => {
  it('streams message chunks as raw stream events and ends the message as one assistant event', () => {
    const map = mapper();
    const events = [...map.push(text('Hello ', 'm1')), ...map.push(text('world.', 'm1')), ...map.finish()];
    expect(rawTypes(events)).toEqual([
      'stream:message_start',
      'stream:content_block_start',
      'stream:content_block_delta',
      'stream:content_block_delta',
      'stream:content_block_stop',
      'stream:message_stop',
      'assistant',
    ]);
    expect(events.at(-1)).toEqual({
      type: 'assistant',
      message: {
        id: 'm1',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        content: [{ type: 'text', text: 'Hello world.' }],
        stop_reason: null,
      },
      parent_tool_use_id: null,
      native: { sessionId, messageId: 'm1' },
    });
    expect(map.summary()).toEqual({ numTurns: 1, resultText: 'Hello world.' });
  });

  it('puts a thought and the text after it in two blocks of one message, and a new messageId in a new message', () => {
    const map = mapper();
    const events = [
      ...map.push({
        sessionUpdate: 'agent_thought_chunk',
        content: { type: 'text', text: 'Hmm.' },
        messageId: 'm1',
      }),
      ...map.push(text('Yes.', 'm1')),
      ...map.push(text('More.', 'm2')),
      ...map.finish(),
    ];
    const assistants = events.flatMap((event) => (event.type === 'assistant' ? [event.message] : []));
    expect(assistants.map((message) => [message.id, message.content])).toEqual([
      [
        'm1',
        [
          { type: 'thinking', thinking: 'Hmm.' },
          { type: 'text', text: 'Yes.' },
        ],
      ],
      ['m2', [{ type: 'text', text: 'More.' }]],
    ]);
    const deltas = events.flatMap((event) =>
      event.type === 'stream_event' && event.event.type === 'content_block_delta' ? [event.event] : [],
    );
    expect(deltas).toEqual([
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm.' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Yes.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'More.' } },
    ]);
  });

  it('announces a tool call once its input is known, then pairs it with its result', () => {
    const map = mapper();
    const pending = map.push({
      sessionUpdate: 'tool_call',
      toolCallId: 't1',
      title: 'Terminal',
      name: 'Bash',
      status: 'pending',
      rawInput: {},
    });
    expect(pending).toEqual([]);
    expect(map.runningTools()).toBe(1);
    const partial = map.push({
      sessionUpdate: 'tool_call_update',
      toolCallId: 't1',
      title: 'echo hi',
      rawInput: { command: 'echo hi' },
    });
    expect(partial).toEqual([]);
    const withContent = map.push({
      sessionUpdate: 'tool_call_update',
      toolCallId: 't1',
      rawInput: { command: 'echo hi', description: 'Say hi' },
      content: [{ type: 'content', content: { type: 'text', text: 'Say hi' } }],
    });
    expect(withContent).toMatchObject([
      {
        type: 'assistant',
        message: {
          content: [
            {
              type: 'tool_use',
              id: 't1',
              name: 'Bash',
              input: { command: 'echo hi', description: 'Say hi' },
            },
          ],
        },
      },
    ]);
    const done = map.push({
      sessionUpdate: 'tool_call_update',
      toolCallId: 't1',
      status: 'completed',
      content: [{ type: 'content', content: { type: 'text', text: '```console\nhi\n```' } }],
      rawOutput: 'hi',
    });
    expect(done).toEqual([
      {
        type: 'user',
        message: {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't1', content: 'hi', is_error: false }],
        },
        parent_tool_use_id: null,
        tool_use_result: 'hi',
        isSynthetic: true,
        native: { sessionId },
      },
    ]);
    expect(map.runningTools()).toBe(0);
  });

  it('reads MCP text parts of a raw output, else the content shown, and marks a failed call as an error', () => {
    const map = mapper();
    const mcp = map.push({
      sessionUpdate: 'tool_call',
      toolCallId: 't1',
      title: 'echo',
      status: 'completed',
      rawOutput: [{ type: 'text', text: 'echo:ping' }],
    });
    expect(mcp.at(-1)).toMatchObject({ message: { content: [{ content: 'echo:ping', is_error: false }] } });
    const failed = map.push({
      sessionUpdate: 'tool_call',
      toolCallId: 't2',
      title: 'write',
      status: 'failed',
      content: [{ type: 'content', content: { type: 'text', text: 'refused' } }],
    });
    expect(failed.at(-1)).toMatchObject({
      message: { content: [{ tool_use_id: 't2', content: 'refused', is_error: true }] },
    });
  });

  it('announces the tool a permission request is about before the request', () => {
    const map = mapper();
    map.push({
      sessionUpdate: 'tool_call',
      toolCallId: 't1',
      title: 'mcp__lifeos__echo_text',
      status: 'pending',
    });
    const asked = map.permissionAsked({ toolCallId: 't1', rawInput: { text: 'pong' } });
    expect(asked.name).toBe('mcp__lifeos__echo_text');
    expect(asked.input).toEqual({ text: 'pong' });
    expect(asked.events).toMatchObject([
      { type: 'assistant', message: { content: [{ type: 'tool_use', id: 't1' }] } },
    ]);
    expect(map.permissionAsked({ toolCallId: 't1' }).events).toEqual([]);
  });

  it('ends the open message before a tool call, and shows a plan as an opaque plan block', () => {
    const map = mapper();
    map.push(text('Planning.'));
    const events = map.push({
      sessionUpdate: 'plan',
      entries: [{ content: 'Step one', priority: 'medium', status: 'pending' }],
    });
    expect(rawTypes(events)).toEqual([
      'stream:content_block_stop',
      'stream:message_stop',
      'assistant',
      'assistant',
    ]);
    expect(events.at(-1)).toMatchObject({
      message: { content: [{ type: 'opaque', block: { type: 'plan', entries: [{ content: 'Step one' }] } }] },
    });
  });

  it('yields nothing for updates without a unified event, and for chunks that are not text', () => {
    const map = mapper();
    expect(map.push({ sessionUpdate: 'available_commands_update', availableCommands: [] })).toEqual([]);
    expect(map.push({ sessionUpdate: 'usage_update', used: 10, size: 100 })).toEqual([]);
    expect(
      map.push({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text: 'replayed' } }),
    ).toEqual([]);
    expect(
      map.push({
        sessionUpdate: 'agent_message_chunk',
        content: { type: 'image', data: 'AA==', mimeType: 'image/png' },
      }),
    ).toEqual([]);
    expect(map.push({ sessionUpdate: 'future_kind' } as unknown as SessionUpdate)).toEqual([]);
    expect(map.finish()).toEqual([]);
    expect(map.summary()).toEqual({ numTurns: 0 });
  });
});
