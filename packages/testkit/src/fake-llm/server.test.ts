import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { error, type ModelCall, type RecordedRequest, startFakeLlm, text, toolCall } from './index.ts';
import { anthropicBody, openAiBody, postAnthropic, postOpenAi } from './test-support.ts';

const fake = await startFakeLlm();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function anthropicText(body: object): Promise<string> {
  const message = (await (await postAnthropic(fake.url, body)).json()) as { content: { text?: string }[] };
  return message.content.map((block) => block.text ?? '').join('');
}

async function openAiText(body: object): Promise<string> {
  const completion = (await (await postOpenAi(fake.url, body)).json()) as {
    choices: { message: { content: string | null } }[];
  };
  return completion.choices[0]!.message.content ?? '';
}

const toolResultTurn = {
  model: 'claude-sonnet-4-6',
  max_tokens: 100,
  messages: [
    { role: 'user', content: 'weather?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
  ],
};

describe('scripting', () => {
  it('echoes the last user message when nothing is scripted', async () => {
    expect(await anthropicText(anthropicBody('hello there'))).toBe('echo: hello there');
    expect(await openAiText(openAiBody('hi'))).toBe('echo: hi');
    expect(await anthropicText(toolResultTurn)).toBe('echo: weather?');
  });

  it('consumes the queue in order, one scenario per model request, across both APIs', async () => {
    fake.script(text('one'), text('two'), text('three'));
    expect(fake.pending()).toBe(3);
    expect(await anthropicText(anthropicBody())).toBe('one');
    expect(await openAiText(openAiBody())).toBe('two');
    expect(await anthropicText(anthropicBody())).toBe('three');
    expect(fake.pending()).toBe(0);
    expect(await anthropicText(anthropicBody('again'))).toBe('echo: again');
  });

  it('answers from a matching rule ahead of the queue', async () => {
    fake.on((call) => call.lastMessageIsToolResult, text('It is sunny.'));
    fake.script(toolCall({ name: 'get_weather', input: { city: 'Paris' } }));

    const first = (await (await postAnthropic(fake.url, anthropicBody('weather?'))).json()) as {
      stop_reason: string;
    };
    expect(first.stop_reason).toBe('tool_use');
    expect(await anthropicText(toolResultTurn)).toBe('It is sunny.');
    const openAiToolTurn = openAiBody('weather?', {
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
    });
    expect(await openAiText(openAiToolTurn)).toBe('It is sunny.');
  });

  it('sees a tool result behind the system messages Claude Code appends', async () => {
    fake.on((call) => call.lastMessageIsToolResult, text('got it'));
    const withSystemTail = {
      ...toolResultTurn,
      messages: [...toolResultTurn.messages, { role: 'system', content: [{ type: 'text', text: 'env' }] }],
    };
    expect(await anthropicText(withSystemTail)).toBe('got it');
  });

  it('computes answers from the call, and retires a rule after `times`', async () => {
    const seen: ModelCall[] = [];
    fake.on(
      (call) => call.lastUserText.startsWith('shout'),
      (call) => {
        seen.push(call);
        return text(call.lastUserText.toUpperCase());
      },
      { times: 1 },
    );
    expect(await openAiText(openAiBody('shout this'))).toBe('SHOUT THIS');
    expect(await openAiText(openAiBody('shout again'))).toBe('echo: shout again');
    expect(seen[0]).toMatchObject({ api: 'openai', model: 'gpt-test', stream: false, toolNames: [] });
  });

  it('lets a rule select on the declared tools', async () => {
    fake.on((call) => call.toolNames.includes('Bash'), error(500));
    const withTools = anthropicBody('x', { tools: [{ name: 'Bash', input_schema: { type: 'object' } }] });
    expect((await postAnthropic(fake.url, withTools)).status).toBe(500);
    expect((await postAnthropic(fake.url, anthropicBody())).status).toBe(200);
  });

  it('reset forgets the queue, the rules and the recorded requests', async () => {
    fake.script(text('queued'));
    fake.on(() => true, text('rule'));
    await postAnthropic(fake.url, anthropicBody());
    fake.reset();
    expect(fake.pending()).toBe(0);
    expect(fake.requests).toEqual([]);
    const fresh = (await (await postAnthropic(fake.url, anthropicBody('fresh'))).json()) as { id: string };
    expect(fresh.id).toBe('msg_fake_000001');
  });
});

describe('recording', () => {
  it('records method, path, query, headers, body, api, endpoint, timestamp and scenario', async () => {
    const before = Date.now();
    const body = anthropicBody('hi');
    await postAnthropic(fake.url, body, { path: '/proxy/v1/messages?beta=true' });
    const [request] = fake.requests as [RecordedRequest];
    expect(request).toMatchObject({
      method: 'POST',
      path: '/proxy/v1/messages',
      query: { beta: 'true' },
      body,
      api: 'anthropic',
      endpoint: 'messages',
      scenario: { kind: 'reply', blocks: [{ type: 'text', text: 'echo: hi' }] },
    });
    expect(request.headers['x-api-key']).toBe('test-key');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.timestamp).toBeGreaterThanOrEqual(before);

    await postOpenAi(fake.url, openAiBody());
    expect(fake.requests[1]).toMatchObject({ api: 'openai', endpoint: 'chat_completions' });
    expect(fake.requests[1]!.headers.authorization).toBe('Bearer test-key');
  });

  it('modelRequests() keeps only /messages and /chat/completions', async () => {
    await fetch(`${fake.url}/v1/models`);
    await postAnthropic(fake.url, anthropicBody(), { path: '/v1/messages/count_tokens' });
    await postAnthropic(fake.url, anthropicBody());
    await postOpenAi(fake.url, openAiBody());
    expect(fake.requests).toHaveLength(4);
    expect(fake.modelRequests().map((request) => request.endpoint)).toEqual(['messages', 'chat_completions']);
  });

  it('answers unknown paths with a 404 JSON error and records them', async () => {
    const response = await fetch(`${fake.url}/api/hello`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/hello',
      endpoint: 'unknown',
      body: undefined,
    });
  });

  it('keeps a non-JSON body as text and answers 400', async () => {
    const response = await fetch(`${fake.url}/v1/messages`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
    expect(fake.requests[0]!.body).toBe('not json');
  });

  it('notifies onRequest with the chosen scenario before answering', async () => {
    const seen: RecordedRequest[] = [];
    await using observed = await startFakeLlm({ onRequest: (request) => seen.push(request) });
    observed.script(text('watched'));
    await postAnthropic(observed.url, anthropicBody());
    expect(seen[0]?.scenario).toMatchObject({ kind: 'reply' });
  });
});
