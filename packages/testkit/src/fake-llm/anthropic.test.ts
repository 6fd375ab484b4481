import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { error, estimateTokens, promptText, reply, startFakeLlm, text, toolCall } from './index.ts';
import { anthropicBody, jsonData, parseSse, postAnthropic } from './test-support.ts';

const fake = await startFakeLlm();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('Anthropic Messages API: streaming', () => {
  it('streams text with the exact event sequence and deterministic usage', async () => {
    fake.script(text('Hello there, world'));
    const body = anthropicBody('hi', { stream: true });
    const response = await postAnthropic(fake.url, body);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('request-id')).toMatch(/^req_fake_/);
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const data = jsonData(events);
    // Every data payload names its own type, identical to the SSE event name.
    expect(data.map((payload) => payload.type)).toEqual(events.map((event) => event.event));
    expect(data[0]).toEqual({
      type: 'message_start',
      message: {
        id: expect.stringMatching(/^msg_fake_/),
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: expect.objectContaining({ input_tokens: estimateTokens(promptText(body)), output_tokens: 1 }),
      },
    });
    expect(data[1]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    const deltas = data.filter((payload) => payload.type === 'content_block_delta');
    expect(deltas.map((payload) => (payload.delta as { text: string }).text).join('')).toBe(
      'Hello there, world',
    );
    expect(deltas[0]).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'Hello ' },
    });
    expect(data[7]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: {
        input_tokens: estimateTokens(promptText(body)),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: Math.ceil('Hello there, world'.length / 4),
      },
    });
  });

  it('splits text into the requested number of chunks', async () => {
    fake.script(text('abcdef', { chunks: 2 }));
    const data = jsonData(
      parseSse(await (await postAnthropic(fake.url, anthropicBody('x', { stream: true }))).text()),
    );
    const deltas = data
      .filter((payload) => payload.type === 'content_block_delta')
      .map((payload) => payload.delta);
    expect(deltas).toEqual([
      { type: 'text_delta', text: 'abc' },
      { type: 'text_delta', text: 'def' },
    ]);
  });

  it('streams a tool_use block whose input_json_delta fragments reassemble to the input', async () => {
    const input = { city: 'Paris', units: 'metric', days: [1, 2, 3] };
    fake.script(toolCall({ name: 'get_weather', input, text: 'Let me check.' }));
    const events = parseSse(
      await (await postAnthropic(fake.url, anthropicBody('weather?', { stream: true }))).text(),
    );
    const data = jsonData(events);

    const toolStart = data.find((payload) => payload.type === 'content_block_start' && payload.index === 1);
    expect(toolStart).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: {
        type: 'tool_use',
        id: expect.stringMatching(/^toolu_fake_/),
        name: 'get_weather',
        input: {},
      },
    });
    const fragments = data
      .filter((payload) => payload.type === 'content_block_delta' && payload.index === 1)
      .map((payload) => payload.delta as { type: string; partial_json: string });
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.every((delta) => delta.type === 'input_json_delta')).toBe(true);
    expect(JSON.parse(fragments.map((delta) => delta.partial_json).join(''))).toEqual(input);
    expect(
      data.filter((payload) => payload.type === 'content_block_stop').map((payload) => payload.index),
    ).toEqual([0, 1]);
    expect(data.find((payload) => payload.type === 'message_delta')?.delta).toEqual({
      stop_reason: 'tool_use',
      stop_sequence: null,
    });
  });

  it('streams thinking with thinking_delta and a signature_delta before the block stops', async () => {
    fake.script(reply({ thinking: 'Let me think', text: 'Done.' }));
    const events = parseSse(
      await (await postAnthropic(fake.url, anthropicBody('x', { stream: true }))).text(),
    );
    const block0 = jsonData(events).filter((payload) => payload.index === 0);
    expect(
      block0.map((payload) => (payload.delta as { type?: string } | undefined)?.type ?? payload.type),
    ).toEqual([
      'content_block_start',
      'thinking_delta',
      'thinking_delta',
      'thinking_delta',
      'signature_delta',
      'content_block_stop',
    ]);
  });

  it('reports usage overrides, cache counts included', async () => {
    fake.script(
      text('hi', { usage: { inputTokens: 7, cacheReadInputTokens: 100, cacheCreationInputTokens: 20 } }),
    );
    const data = jsonData(
      parseSse(await (await postAnthropic(fake.url, anthropicBody('x', { stream: true }))).text()),
    );
    expect(data.find((payload) => payload.type === 'message_delta')?.usage).toEqual({
      input_tokens: 7,
      cache_creation_input_tokens: 20,
      cache_read_input_tokens: 100,
      output_tokens: 1,
    });
  });

  it('sends an in-stream error event for a mid-stream error', async () => {
    fake.script(error(529, 'Overloaded', { midStream: true }));
    const response = await postAnthropic(fake.url, anthropicBody('x', { stream: true }));
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual(['message_start', 'error']);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});

describe('Anthropic Messages API: plain JSON', () => {
  it('returns the whole message', async () => {
    fake.script(toolCall({ name: 'lookup', input: { q: 'x' }, id: 'toolu_given', text: 'Looking.' }));
    const body = anthropicBody('find x');
    const response = await postAnthropic(fake.url, body);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^msg_fake_/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [
        { type: 'text', text: 'Looking.' },
        { type: 'tool_use', id: 'toolu_given', name: 'lookup', input: { q: 'x' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: estimateTokens(promptText(body)),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: Math.ceil(('Looking.'.length + '{"q":"x"}'.length) / 4),
        service_tier: 'standard',
      },
    });
  });

  it('counts tokens without consuming the script', async () => {
    fake.script(text('unused'));
    const body = {
      model: 'claude-sonnet-4-6',
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
    };
    const response = await postAnthropic(fake.url, body, { path: '/v1/messages/count_tokens?beta=true' });
    expect(await response.json()).toEqual({ input_tokens: estimateTokens(promptText(body)) });
    expect(fake.pending()).toBe(1);
  });

  it('rejects a body without max_tokens like the real API, without consuming the script', async () => {
    fake.script(text('unused'));
    const response = await postAnthropic(fake.url, { model: 'm', messages: [] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') },
    });
    expect(fake.pending()).toBe(1);
  });
});

describe('Anthropic Messages API: errors', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [529, 'overloaded_error'],
  ] as const)('answers %i with an %s body', async (status, type) => {
    fake.script(error(status, 'scripted failure'));
    const response = await postAnthropic(fake.url, anthropicBody('x', { stream: true }));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('retry-after')).toBe(status === 429 ? '1' : null);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type, message: 'scripted failure' },
      request_id: expect.stringMatching(/^req_fake_/),
    });
  });

  it('sends the scripted retry-after', async () => {
    fake.script(error(429, undefined, { retryAfterSeconds: 7 }));
    const response = await postAnthropic(fake.url, anthropicBody());
    expect(response.headers.get('retry-after')).toBe('7');
  });
});

describe('Anthropic models', () => {
  it('lists models in the Anthropic shape when anthropic-version is sent', async () => {
    const response = await fetch(`${fake.url}/v1/models?limit=20`, {
      headers: { 'anthropic-version': '2023-06-01' },
    });
    const list = (await response.json()) as { data: { type: string; id: string }[]; has_more: boolean };
    expect(list.has_more).toBe(false);
    expect(list.data[0]).toEqual({
      type: 'model',
      id: 'claude-sonnet-4-6',
      display_name: 'claude-sonnet-4-6',
      created_at: '2025-01-01T00:00:00Z',
    });
    const one = await fetch(`${fake.url}/v1/models/claude-x`, {
      headers: { 'anthropic-version': '2023-06-01' },
    });
    expect(await one.json()).toMatchObject({ type: 'model', id: 'claude-x' });
  });
});
