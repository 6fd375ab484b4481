import type { HarnessEvent } from '@lifeosai/events';
import { harnessEventSchema } from '@lifeosai/events';
import type { ThreadEvent } from '@openai/codex-sdk';
import { describe, expect, it } from 'vitest';
import recorded from '../fixtures/codex-events.json' with { type: 'json' };
import { CodexEventMapper, toUsage } from './event-mapper.ts';

const fixtures = recorded as unknown as Record<string, ThreadEvent[]>;

function mapAll(events: readonly ThreadEvent[]): { bodies: HarnessEvent[]; mapper: CodexEventMapper } {
  const mapper = new CodexEventMapper({ runId: 'run_1', model: 'gpt-5-mini' });
  const bodies = events.flatMap((event) => mapper.push(event));
  return { bodies, mapper };
}

/** A user event's content blocks (the mapper never writes plain-text user content). */
const contentOf = (event: Extract<HarnessEvent, { type: 'user' }>) =>
  typeof event.message.content === 'string' ? [] : event.message.content;

const ofType = <Type extends HarnessEvent['type']>(bodies: HarnessEvent[], type: Type) =>
  bodies.filter((body): body is Extract<HarnessEvent, { type: Type }> => body.type === type);

describe('CodexEventMapper on recorded codex exec streams', () => {
  it('emits only valid unified bodies', () => {
    for (const events of Object.values(fixtures)) {
      for (const body of mapAll(events).bodies) expect(harnessEventSchema.safeParse(body).success).toBe(true);
    }
  });

  it('maps reasoning to a thinking block and the agent message to assistant text, then usage', () => {
    const { bodies, mapper } = mapAll(fixtures.text!);
    const content = ofType(bodies, 'assistant').flatMap((event) => event.message.content);
    expect(content).toEqual([
      { type: 'thinking', thinking: 'The user wants the sentence.' },
      { type: 'text', text: 'The quick brown fox.' },
    ]);
    expect(ofType(bodies, 'assistant')[1]!.message).toMatchObject({
      id: 'run_1:item_2',
      model: 'gpt-5-mini',
    });
    expect(ofType(bodies, 'usage')).toEqual([
      {
        type: 'usage',
        model: 'gpt-5-mini',
        usage: {
          input_tokens: 10000,
          output_tokens: 12,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
        },
      },
    ]);
    expect(mapper.summary()).toMatchObject({
      resultText: 'The quick brown fox.',
      turn: { ok: true },
      numTurns: 1,
    });
  });

  it('turns Codex’s notices before the turn into starting statuses, not errors', () => {
    const { bodies } = mapAll(fixtures.text!);
    expect(ofType(bodies, 'error')).toEqual([]);
    expect(ofType(bodies, 'status')[0]).toMatchObject({
      status: 'starting',
      message: expect.stringContaining('Model metadata'),
    });
  });

  it('pairs a shell command’s tool_use (Bash) with its result', () => {
    const { bodies } = mapAll(fixtures.shell!);
    const uses = ofType(bodies, 'assistant')
      .flatMap((event) => event.message.content)
      .filter((block) => block.type === 'tool_use');
    expect(uses).toEqual([
      { type: 'tool_use', id: 'item_1', name: 'Bash', input: { command: "/bin/bash -lc 'echo hi'" } },
    ]);
    const results = ofType(bodies, 'user').flatMap((event) => contentOf(event));
    expect(results).toEqual([
      { type: 'tool_result', tool_use_id: 'item_1', content: 'hi\n', is_error: false },
    ]);
    const useAt = bodies.findIndex((body) => body.type === 'assistant');
    expect(bodies.findIndex((body) => body.type === 'user')).toBeGreaterThan(useAt);
  });

  it('marks a command that exited non-zero as a failed tool result', () => {
    const { bodies } = mapAll(fixtures['failed-command']!);
    expect(ofType(bodies, 'user')[0]!.message.content).toEqual([
      { type: 'tool_result', tool_use_id: 'item_1', content: '', is_error: true },
    ]);
  });

  it('names an MCP tool call mcp__<server>__<tool> and keeps its text result', () => {
    const { bodies } = mapAll(fixtures['platform-tool']!);
    const uses = ofType(bodies, 'assistant')
      .flatMap((event) => event.message.content)
      .filter((block) => block.type === 'tool_use');
    expect(uses).toEqual([
      { type: 'tool_use', id: 'item_1', name: 'mcp__lifeos__echo_text', input: { text: 'ping' } },
    ]);
    expect(ofType(bodies, 'user')[0]!.message.content).toEqual([
      { type: 'tool_result', tool_use_id: 'item_1', content: 'echo:ping', is_error: false },
    ]);
  });

  it('records a failed turn for the ending and emits no error of its own', () => {
    const { bodies, mapper } = mapAll(fixtures.unauthorized!);
    expect(ofType(bodies, 'error')).toEqual([]);
    expect(mapper.summary().turn).toEqual({
      ok: false,
      message: expect.stringContaining('401 Unauthorized'),
    });
    expect(mapper.summary().usage).toEqual([]);
  });
});

describe('CodexEventMapper on items the recorded runs do not reach', () => {
  it('shows each version of the to-do list as an update_plan call with its result', () => {
    const todo = (completed: boolean): ThreadEvent => ({
      type: completed ? 'item.completed' : 'item.started',
      item: {
        id: 'item_5',
        type: 'todo_list',
        items: [
          { text: 'Read the file', completed },
          { text: 'Fix it', completed: false },
        ],
      },
    });
    const { bodies } = mapAll([{ type: 'turn.started' }, todo(false), todo(true)]);
    const uses = ofType(bodies, 'assistant').flatMap((event) => event.message.content);
    expect(uses).toEqual([
      {
        type: 'tool_use',
        id: 'item_5.1',
        name: 'update_plan',
        input: {
          plan: [
            { step: 'Read the file', status: 'pending' },
            { step: 'Fix it', status: 'pending' },
          ],
        },
      },
      {
        type: 'tool_use',
        id: 'item_5.2',
        name: 'update_plan',
        input: {
          plan: [
            { step: 'Read the file', status: 'completed' },
            { step: 'Fix it', status: 'pending' },
          ],
        },
      },
    ]);
    expect(ofType(bodies, 'user').map((event) => event.message.content)).toHaveLength(2);
  });

  it('pairs a file change that arrives completed only, and a failed MCP call', () => {
    const { bodies } = mapAll([
      { type: 'turn.started' },
      {
        type: 'item.completed',
        item: {
          id: 'item_1',
          type: 'file_change',
          status: 'completed',
          changes: [{ path: 'a.ts', kind: 'update' }],
        },
      },
      {
        type: 'item.completed',
        item: {
          id: 'item_2',
          type: 'mcp_tool_call',
          server: 'gh',
          tool: 'issue',
          arguments: {},
          status: 'failed',
          error: { message: 'no access' },
        },
      },
    ]);
    expect(ofType(bodies, 'assistant').flatMap((event) => event.message.content)).toEqual([
      {
        type: 'tool_use',
        id: 'item_1',
        name: 'apply_patch',
        input: { changes: [{ path: 'a.ts', kind: 'update' }] },
      },
      { type: 'tool_use', id: 'item_2', name: 'mcp__gh__issue', input: {} },
    ]);
    expect(ofType(bodies, 'user').flatMap((event) => contentOf(event))).toEqual([
      { type: 'tool_result', tool_use_id: 'item_1', content: 'update a.ts', is_error: false },
      { type: 'tool_result', tool_use_id: 'item_2', content: 'no access', is_error: true },
    ]);
  });

  it('reports an error item during the turn as a non-fatal error, and reconnects as retrying', () => {
    const { bodies, mapper } = mapAll([
      { type: 'turn.started' },
      { type: 'item.completed', item: { id: 'item_1', type: 'error', message: 'Something went sideways' } },
      { type: 'error', message: 'Reconnecting... 1/2 (stream disconnected before completion)' },
    ]);
    expect(ofType(bodies, 'error')).toEqual([
      { type: 'error', errorClass: 'unknown', message: 'Something went sideways', retryable: false },
    ]);
    expect(ofType(bodies, 'status').at(-1)).toMatchObject({ status: 'retrying' });
    expect(mapper.summary()).toMatchObject({
      reconnects: 1,
      lastReconnect: expect.stringMatching(/^Reconnecting/),
    });
  });

  it('takes cached and cache-write tokens out of the input count', () => {
    expect(
      toUsage({ input_tokens: 100, cached_input_tokens: 60, cache_write_input_tokens: 10, output_tokens: 5 }),
    ).toEqual({
      input_tokens: 30,
      output_tokens: 5,
      cache_read_input_tokens: 60,
      cache_creation_input_tokens: 10,
    });
  });
});
