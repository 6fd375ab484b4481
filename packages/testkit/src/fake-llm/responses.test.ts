import OpenAI from 'openai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { error, estimateTokens, promptText, reply, startFakeLlm, text, toolCall } from './index.ts';
import { jsonData, parseSse } from './test-support.ts';

const fake = await startFakeLlm();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const client = new OpenAI({ apiKey: 'test-key', baseURL: fake.openAiBaseUrl, maxRetries: 0 });

function postResponses(body: object): Promise<Response> {
  return fetch(`${fake.openAiBaseUrl}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
    body: JSON.stringify(body),
  });
}

describe('OpenAI Responses API: streaming', () => {
  it('streams the event sequence Codex reads, with sequence numbers and usage at the end', async () => {
    fake.script(text('Hello there', { usage: { cacheReadInputTokens: 3 } }));
    const body = { model: 'gpt-5', input: 'hi', instructions: 'Be brief.', stream: true };
    const response = await postResponses(body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const data = jsonData(events);
    expect(data.map((payload) => payload.type)).toEqual(events.map((event) => event.event));
    expect(data.map((payload) => payload.sequence_number)).toEqual(data.map((_, index) => index));
    const deltas = data.filter((payload) => payload.type === 'response.output_text.delta');
    expect(deltas.map((payload) => payload.delta).join('')).toBe('Hello there');
    const input = estimateTokens(promptText({ system: 'Be brief.', messages: 'hi' }));
    expect(data.at(-1)).toMatchObject({
      response: {
        id: expect.stringMatching(/^resp_fake_/),
        status: 'completed',
        model: 'gpt-5',
        output: [
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hello there', annotations: [] }],
          },
        ],
        usage: {
          input_tokens: input + 3,
          input_tokens_details: { cached_tokens: 3 },
          output_tokens: estimateTokens('Hello there'),
          total_tokens: input + 3 + estimateTokens('Hello there'),
        },
      },
    });
  });

  it('streams a function call to the real SDK and reads the tool result on the next turn', async () => {
    fake.script(toolCall({ name: 'shell', input: { command: 'ls -la' } }));
    fake.on((call) => call.lastMessageIsToolResult, text('Listed.'));
    const tools = [
      {
        type: 'function' as const,
        name: 'shell',
        parameters: { type: 'object', properties: { command: { type: 'string' } } },
        strict: false,
      },
    ];
    const stream = client.responses.stream({ model: 'gpt-5', input: 'list files', tools });
    const argumentDeltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const first = await stream.finalResponse();
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'shell', call_id: expect.stringMatching(/^call_fake_/) });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ command: 'ls -la' });
    expect(argumentDeltas.length).toBeGreaterThan(1);
    expect(first.usage?.output_tokens).toBeGreaterThan(0);

    const second = await client.responses.create({
      model: 'gpt-5',
      input: [
        { role: 'user', content: 'list files' },
        {
          type: 'function_call',
          call_id: (call as { call_id: string }).call_id,
          name: 'shell',
          arguments: '{}',
        },
        { type: 'function_call_output', call_id: (call as { call_id: string }).call_id, output: 'a b' },
      ],
      tools,
    });
    expect(second.output_text).toBe('Listed.');
    expect(fake.modelRequests().map((request) => request.api)).toEqual([
      'openai-responses',
      'openai-responses',
    ]);
    expect(fake.modelRequests()[0]!.headers.authorization).toBe('Bearer test-key');
  });

  it('streams reasoning as summary deltas before the text', async () => {
    fake.script(reply({ thinking: 'Let me think.', text: 'Done.' }));
    const events = parseSse(await (await postResponses({ model: 'gpt-5', input: 'x', stream: true })).text());
    const types = events.map((event) => event.event);
    expect(types.indexOf('response.reasoning_summary_text.delta')).toBeLessThan(
      types.indexOf('response.output_text.delta'),
    );
    const final = jsonData(events).at(-1) as { response: { output: Array<{ type: string }> } };
    expect(final.response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
  });

  it('ends with response.incomplete at max_tokens', async () => {
    fake.script(text('cut', { stopReason: 'max_tokens' }));
    const events = parseSse(await (await postResponses({ model: 'gpt-5', input: 'x', stream: true })).text());
    expect(events.at(-1)?.event).toBe('response.incomplete');
    expect(jsonData(events).at(-1)).toMatchObject({
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });
});

describe('OpenAI Responses API: errors and plain JSON', () => {
  it('answers a whole response as JSON when not streaming', async () => {
    fake.script(text('Plain answer'));
    const response = await client.responses.create({ model: 'gpt-5-mini', input: 'hi' });
    expect(response.output_text).toBe('Plain answer');
    expect(response.usage?.input_tokens).toBe(estimateTokens(promptText({ messages: 'hi' })));
  });

  it('sends HTTP errors in the OpenAI shape and mid-stream failures as response.failed', async () => {
    fake.script(error(429, 'Slow down.', { retryAfterSeconds: 7 }));
    const refused = await postResponses({ model: 'gpt-5', input: 'x' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(await refused.json()).toMatchObject({
      error: { message: 'Slow down.', code: 'rate_limit_exceeded' },
    });

    fake.script(error(500, 'Broke mid-way.', { midStream: true }));
    const events = parseSse(await (await postResponses({ model: 'gpt-5', input: 'x', stream: true })).text());
    expect(events.at(-1)?.event).toBe('response.failed');
    expect(jsonData(events).at(-1)).toMatchObject({
      response: { status: 'failed', error: { message: 'Broke mid-way.' } },
    });
  });

  it('refuses a body without model or input with a 400 naming the field', async () => {
    const response = await postResponses({ input: 'x' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^model/);
  });
});

describe('OpenAI Responses API: namespace tools', () => {
  const body = {
    model: 'gpt-5',
    input: 'use it',
    stream: true,
    tools: [
      { type: 'function', name: 'exec_command', parameters: { type: 'object' } },
      {
        type: 'namespace',
        name: 'mcp__lifeos',
        tools: [{ type: 'function', name: 'echo_text', parameters: { type: 'object' } }],
      },
    ],
  };

  it('lists a namespace’s members as <namespace>__<name> and calls one with the namespace and bare name, as Codex expects', async () => {
    let declared: string[] = [];
    fake.on(
      () => true,
      (call) => {
        declared = call.toolNames;
        return toolCall({ name: 'mcp__lifeos__echo_text', input: { text: 'ping' } });
      },
    );
    const data = jsonData(parseSse(await (await postResponses(body)).text()));
    expect(declared).toEqual(['exec_command', 'mcp__lifeos__echo_text']);
    const done = data.find((payload) => payload.type === 'response.output_item.done') as { item: object };
    expect(done.item).toMatchObject({ type: 'function_call', namespace: 'mcp__lifeos', name: 'echo_text' });
  });

  it('calls a top-level function by its own name, without a namespace', async () => {
    fake.script(toolCall({ name: 'exec_command', input: { cmd: 'ls' } }));
    const data = jsonData(parseSse(await (await postResponses(body)).text()));
    const done = data.find((payload) => payload.type === 'response.output_item.done') as { item: object };
    expect(done.item).toMatchObject({ type: 'function_call', name: 'exec_command' });
    expect(done.item).not.toHaveProperty('namespace');
  });
});
