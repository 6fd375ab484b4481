import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { error, estimateTokens, promptText, reply, startFakeLlm, text, toolCall } from './index.ts';
import { jsonData, openAiBody, parseSse, postOpenAi } from './test-support.ts';

const fake = await startFakeLlm();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

interface Chunk {
  id: string;
  object: string;
  model: string;
  choices: { index: number; delta: Record<string, unknown>; finish_reason: string | null }[];
  usage?: Record<string, unknown> | null;
}

async function streamChunks(body: object, path?: string): Promise<{ chunks: Chunk[]; last: string }> {
  const response = await postOpenAi(fake.url, body, { path });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const events = parseSse(await response.text());
  const last = events.at(-1)!.data;
  return { chunks: jsonData(events.slice(0, -1)) as unknown as Chunk[], last };
}

describe('OpenAI chat completions: streaming', () => {
  it('streams content deltas, finish_reason, a usage chunk and [DONE]', async () => {
    fake.script(text('Hello there, world'));
    const body = openAiBody('hi', { stream: true, stream_options: { include_usage: true } });
    const { chunks, last } = await streamChunks(body);

    expect(last).toBe('[DONE]');
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(
      chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'gpt-test'),
    ).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const content = chunks
      .flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? ''))
      .join('');
    expect(content).toBe('Hello there, world');
    const finish = chunks.at(-2)!;
    expect(finish.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    // include_usage: every chunk has usage null except the last, which has no choices.
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    const inputTokens = estimateTokens(promptText({ messages: body.messages }));
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: inputTokens,
        completion_tokens: Math.ceil('Hello there, world'.length / 4),
        total_tokens: inputTokens + Math.ceil('Hello there, world'.length / 4),
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
  });

  it('sends no usage chunk without include_usage, and works without /v1 in the base URL', async () => {
    fake.script(text('hi'));
    const { chunks, last } = await streamChunks(openAiBody('x', { stream: true }), '/chat/completions');
    expect(last).toBe('[DONE]');
    expect(chunks.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
  });

  it('streams tool calls incrementally, one index per call', async () => {
    const first = { city: 'Paris', units: 'metric' };
    const second = { query: 'news about the weather' };
    fake.script(
      reply({
        text: 'Checking.',
        toolCalls: [
          { name: 'get_weather', input: first },
          { name: 'search', input: second, id: 'call_given' },
        ],
      }),
    );
    const { chunks, last } = await streamChunks(openAiBody('x', { stream: true }));
    expect(last).toBe('[DONE]');
    const toolDeltas = chunks.flatMap(
      (chunk) =>
        (chunk.choices[0]?.delta.tool_calls ?? []) as {
          index: number;
          id?: string;
          type?: string;
          function: { name?: string; arguments: string };
        }[],
    );
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: expect.stringMatching(/^call_fake_/),
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const argumentsOf = (index: number): string =>
      toolDeltas
        .filter((delta) => delta.index === index)
        .map((delta) => delta.function.arguments)
        .join('');
    expect(JSON.parse(argumentsOf(0))).toEqual(first);
    expect(JSON.parse(argumentsOf(1))).toEqual(second);
    expect(toolDeltas.filter((delta) => delta.index === 1)[0]).toMatchObject({ id: 'call_given' });
    // Follow-up fragments carry only the index and the arguments, as OpenAI sends them.
    expect(toolDeltas.filter((delta) => delta.index === 0)[1]).toEqual({
      index: 0,
      function: { arguments: expect.any(String) },
    });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('streams thinking as reasoning_content', async () => {
    fake.script(reply({ thinking: 'hmm', text: 'ok' }));
    const { chunks } = await streamChunks(openAiBody('x', { stream: true }));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content).filter(Boolean)).toEqual(['hmm']);
  });
});

describe('OpenAI chat completions: plain JSON', () => {
  it('returns a chat.completion with tool_calls', async () => {
    fake.script(toolCall({ name: 'lookup', input: { q: 'x' }, id: 'call_1' }));
    const response = await postOpenAi(fake.url, openAiBody('find x'));
    expect(await response.json()).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { completion_tokens: Math.ceil('{"q":"x"}'.length / 4) },
    });
  });

  it('maps max_tokens to finish_reason length', async () => {
    fake.script(text('cut', { stopReason: 'max_tokens' }));
    const body = (await (await postOpenAi(fake.url, openAiBody())).json()) as Chunk;
    expect(body.choices[0]!.finish_reason).toBe('length');
  });
});

describe('OpenAI chat completions: errors', () => {
  it.each([
    [400, 400, 'invalid_request_error', null],
    [401, 401, 'invalid_request_error', 'invalid_api_key'],
    [429, 429, 'requests', 'rate_limit_exceeded'],
    [500, 500, 'server_error', null],
    [529, 503, 'server_error', null],
  ] as const)('scripted %i answers HTTP %i with type %s', async (status, httpStatus, type, code) => {
    fake.script(error(status, 'scripted failure'));
    const response = await postOpenAi(fake.url, openAiBody('x', { stream: true }));
    expect(response.status).toBe(httpStatus);
    expect(response.headers.get('retry-after')).toBe(status === 429 ? '1' : null);
    expect(await response.json()).toEqual({
      error: { message: 'scripted failure', type, param: null, code },
    });
  });

  it('rejects a body without messages', async () => {
    const response = await postOpenAi(fake.url, { model: 'gpt-test' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('sends an in-stream error chunk for a mid-stream error', async () => {
    fake.script(error(500, 'boom', { midStream: true }));
    const response = await postOpenAi(fake.url, openAiBody('x', { stream: true }));
    const events = parseSse(await response.text());
    expect(JSON.parse(events.at(-1)!.data)).toEqual({
      error: { message: 'boom', type: 'server_error', param: null, code: null },
    });
  });
});

describe('OpenAI models', () => {
  it('lists models in the OpenAI shape', async () => {
    const response = await fetch(`${fake.openAiBaseUrl}/models`, { headers: { authorization: 'Bearer k' } });
    expect(await response.json()).toMatchObject({
      object: 'list',
      data: expect.arrayContaining([
        { id: 'claude-sonnet-4-6', object: 'model', created: 1_735_689_600, owned_by: 'fake-llm' },
      ]),
    });
  });
});
