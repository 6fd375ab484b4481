import { describe, expect, it } from 'vitest';
import { type EnvelopeFields, withEnvelope } from './envelope.ts';
import { eventTypes, type HarnessEvent, harnessEventSchema } from './harness-event.ts';
import { isTerminalEvent } from './is-terminal-event.ts';
import { parseUnifiedEvent, type UnifiedEvent } from './unified-event.ts';
import { EVENT_SCHEMA_VERSION } from './version.ts';

const usage = {
  input_tokens: 12,
  output_tokens: 5,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 3,
};

/** One valid body of every event type, in the order a run could produce them. */
const bodies: HarnessEvent[] = [
  {
    type: 'system',
    subtype: 'init',
    model: 'claude-sonnet-4-5',
    tools: ['Bash', 'Read', 'mcp__lifeosai__remember'],
    cwd: '/srv/agents/a1/workspace',
    mcp_servers: [{ name: 'lifeosai', status: 'connected' }],
    permissionMode: 'default',
    native: { sessionId: 'c0ffee00-0000-4000-8000-000000000001' },
  },
  { type: 'status', status: 'requesting' },
  {
    type: 'user',
    message: { role: 'user', content: 'List the files.' },
    parent_tool_use_id: null,
  },
  {
    type: 'stream_event',
    event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Sure' } },
    parent_tool_use_id: null,
  },
  {
    type: 'stream_event',
    event: {
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"com' },
    },
    parent_tool_use_id: null,
  },
  {
    type: 'assistant',
    message: {
      id: 'msg_01',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'ls will do', signature: 'sig' },
        { type: 'text', text: 'Sure' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
        { type: 'opaque', block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search' } },
      ],
      stop_reason: 'tool_use',
      usage,
    },
    parent_tool_use_id: null,
    native: { sessionId: 'c0ffee00-0000-4000-8000-000000000001', messageId: 'uuid-1' },
  },
  {
    type: 'permission_request',
    requestId: 'perm_1',
    toolName: 'Bash',
    input: { command: 'ls' },
    toolUseId: 'toolu_1',
    expiresAt: '2026-11-23T10:00:30.000Z',
  },
  { type: 'permission_resolved', requestId: 'perm_1', toolName: 'Bash', decision: 'allow', by: 'user' },
  {
    type: 'tool_progress',
    tool_use_id: 'toolu_1',
    tool_name: 'Bash',
    parent_tool_use_id: null,
    elapsed_time_seconds: 2,
    partial_output: 'a.txt\n',
  },
  {
    type: 'user',
    message: {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt\nb.txt' }],
    },
    parent_tool_use_id: null,
    tool_use_result: { stdout: 'a.txt\nb.txt', stderr: '' },
  },
  { type: 'usage', model: 'claude-sonnet-4-5', usage },
  { type: 'system', subtype: 'compact_boundary', compact_metadata: { trigger: 'auto', pre_tokens: 180_000 } },
  {
    type: 'status',
    status: 'retrying',
    retry: { attempt: 1, maxRetries: 10, delayMs: 500, errorClass: 'overloaded' },
  },
  { type: 'error', errorClass: 'overloaded', message: 'Anthropic API overloaded (529)', retryable: true },
  {
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: 'There are two files.',
    usage,
    modelUsage: {
      'claude-sonnet-4-5': {
        inputTokens: 12,
        outputTokens: 5,
        cacheReadInputTokens: 3,
        cacheCreationInputTokens: 0,
        costUSD: 0.0001,
      },
    },
    total_cost_usd: 0.0001,
    cost_computed: false,
    num_turns: 2,
    duration_ms: 2300,
  },
];

function envelope(seq: number): EnvelopeFields {
  return {
    seq,
    runId: 'run_1',
    sessionId: 'ses_1',
    agentId: 'agt_1',
    harness: 'claude-code',
    ts: '2026-11-23T10:00:00.000Z',
  };
}

function errorOf(value: unknown): string {
  const parsed = parseUnifiedEvent(value);
  if (parsed.ok) throw new Error('expected the event to be rejected');
  return parsed.error;
}

const validResult = withEnvelope(bodies.at(-1)!, envelope(15));

describe('unified event', () => {
  it('covers every event type', () => {
    const types = new Set(bodies.map((body) => body.type));
    const allTypes = harnessEventSchema.options.flatMap((option) =>
      'options' in option ? option.options.map((member) => member.shape.type.value) : option.shape.type.value,
    );
    expect(types).toEqual(new Set(allTypes));
  });

  it.each(bodies.map((body, index) => [`${body.type} #${index + 1}`, body, index + 1] as const))(
    'parses a valid %s from JSON text, unchanged',
    (_label, body, seq) => {
      expect(harnessEventSchema.parse(body)).toEqual(body);
      const event = withEnvelope(body, envelope(seq));
      const parsed = parseUnifiedEvent(JSON.stringify(event));
      expect(parsed).toEqual({ ok: true, event });
    },
  );

  it('stamps the envelope and schema version over the body', () => {
    const event: UnifiedEvent = withEnvelope({ type: 'status', status: 'starting' }, envelope(1));
    expect(event).toEqual({
      ...envelope(1),
      schemaVersion: EVENT_SCHEMA_VERSION,
      type: 'status',
      status: 'starting',
    });
  });

  it('drops fields the schema does not define, such as the SDK wrapper ids', () => {
    const parsed = parseUnifiedEvent({ ...validResult, session_id: 'native', uuid: 'x' });
    expect(parsed.ok && 'session_id' in parsed.event).toBe(false);
  });

  it('rejects text that is not JSON', () => {
    expect(errorOf('{"type":')).toMatch(/^invalid unified event: not JSON/);
  });

  it('rejects an unknown type, naming the allowed ones', () => {
    const message = errorOf({ ...validResult, type: 'rate_limit_event' });
    expect(message).toContain('type "rate_limit_event"');
    expect(message).toMatch(/type: Invalid discriminator value\. Expected 'system' \| 'stream_event'/);
  });

  it('rejects a missing envelope field, naming it', () => {
    const { runId: _dropped, ...withoutRunId } = validResult;
    expect(errorOf(withoutRunId)).toBe(
      'invalid unified event (type "result", seq 15): runId: Invalid input: expected string, received undefined',
    );
  });

  it('rejects a seq below 1 and a timestamp that is not ISO 8601', () => {
    const message = errorOf({ ...validResult, seq: 0, ts: 'yesterday' });
    expect(message).toContain('seq: Too small');
    expect(message).toContain('ts: Invalid ISO datetime');
  });

  it('rejects another schema version', () => {
    expect(errorOf({ ...validResult, schemaVersion: 2 })).toContain(
      'schemaVersion: Invalid input: expected 1',
    );
  });

  it('rejects an error result without its error class', () => {
    const message = errorOf({ ...validResult, subtype: 'error_during_execution', is_error: true });
    expect(message).toContain('error_class: is required when is_error is true');
  });

  it('rejects an error subtype that claims success', () => {
    const message = errorOf({ ...validResult, subtype: 'error_max_turns', is_error: false });
    expect(message).toContain('is_error: must be true when subtype is "error_max_turns"');
  });

  it('rejects an unknown error class and an unknown system subtype', () => {
    const error = withEnvelope(
      { type: 'error', errorClass: 'auth', message: 'bad key', retryable: false },
      envelope(3),
    );
    expect(errorOf({ ...error, errorClass: 'teapot' })).toContain('errorClass: Invalid option');
    const init = withEnvelope(bodies[0]!, envelope(1));
    expect(errorOf({ ...init, subtype: 'api_retry' })).toContain('subtype: Invalid discriminator value');
  });

  it('rejects a timeout that allowed a tool call', () => {
    const resolved = withEnvelope(
      { type: 'permission_resolved', requestId: 'p', toolName: 'Bash', decision: 'allow', by: 'timeout' },
      envelope(4),
    );
    expect(errorOf(resolved)).toContain('decision: must be "deny" when by is "timeout"');
  });

  it('rejects a malformed content block inside a message', () => {
    const assistant = withEnvelope(bodies[5]!, envelope(6));
    const broken = JSON.parse(JSON.stringify(assistant));
    broken.message.content[2].input = 'ls';
    expect(errorOf(broken)).toContain('message.content.2.input: Invalid input: expected record');
  });
});

describe('isTerminalEvent', () => {
  it('is true for the result only, on bodies and on unified events', () => {
    expect(bodies.filter((body) => isTerminalEvent(body)).map((body) => body.type)).toEqual(['result']);
    expect(isTerminalEvent(validResult)).toBe(true);
    expect(isTerminalEvent(withEnvelope(bodies[13]!, envelope(14)))).toBe(false);
  });

  it('narrows to the result type', () => {
    const event: UnifiedEvent = validResult;
    if (!isTerminalEvent(event)) throw new Error('expected a result');
    expect(event.total_cost_usd).toBe(0.0001);
  });
});

describe('eventTypes', () => {
  it('lists every type of the union once', () => {
    expect(new Set(eventTypes).size).toBe(eventTypes.length);
    expect([...eventTypes].sort()).toEqual([...new Set(bodies.map((body) => body.type))].sort());
  });
});
