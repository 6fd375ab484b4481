import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { testDialects } from '@lifeosai/testkit/databases';
import { text, type UsageOverrides } from '@lifeosai/testkit/fake-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform, testProviderKey } from '../testing/test-platform.ts';
import { type RunningRun, recordsOf, runningRun } from './test-support.ts';

/**
 * Every wire format a harness speaks, through the proxy with the real SDKs: the usage the
 * proxy records is exactly what the provider reported on the wire, the upstream sees the real
 * key (never the run's token), and the client gets the provider's answer unchanged.
 */
describe.each(testDialects)('LLM proxy wire formats on %s', (dialect) => {
  let platform: TestPlatform;
  let run: RunningRun;
  // Disjoint counts as the fake plans them; each API reports them its own way.
  const usage: Required<UsageOverrides> = {
    inputTokens: 1200,
    outputTokens: 345,
    cacheReadInputTokens: 70,
    cacheCreationInputTokens: 0,
  };
  const recorded = {
    inputTokens: 1200,
    outputTokens: 345,
    cacheReadTokens: 70,
    cacheWriteTokens: 0,
  };

  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
  }, 60_000);
  afterAll(() => platform?.close());
  beforeEach(async () => {
    run = await runningRun(platform, 'org_wire');
    platform.fake.reset();
  });

  const expectOneRecord = async (provider: string, model: string) => {
    const records = await recordsOf(platform, run.runId);
    expect(records).toEqual([
      expect.objectContaining({
        provider,
        model,
        runId: run.runId,
        agentId: run.agentId,
        orgId: run.orgId,
        ...recorded,
      }),
    ]);
    expect(records[0]!.costUsd).toBeGreaterThan(0);
    expect(records[0]!.costComputed).toBe(true);
    const upstream = platform.fake.modelRequests()[0]!;
    const sent = JSON.stringify({ headers: upstream.headers, query: upstream.query });
    expect(sent).not.toContain(run.token);
    expect(sent).toContain(testProviderKey);
    return upstream;
  };

  const anthropic = () =>
    new Anthropic({ apiKey: run.token, baseURL: `${platform.url}/llm/anthropic`, maxRetries: 0 });
  const openai = () =>
    new OpenAI({ apiKey: run.token, baseURL: `${platform.url}/llm/openai`, maxRetries: 0 });
  const gemini = () =>
    new GoogleGenAI({ apiKey: run.token, httpOptions: { baseUrl: `${platform.url}/llm/google` } });

  it('Anthropic Messages, streamed', async () => {
    platform.fake.script(text('Streamed through.', { usage: { ...usage, cacheReadInputTokens: 70 } }));
    const message = await anthropic()
      .messages.stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .finalMessage();
    expect(message.content).toMatchObject([{ type: 'text', text: 'Streamed through.' }]);
    expect(message.usage).toMatchObject({
      input_tokens: 1200,
      output_tokens: 345,
      cache_read_input_tokens: 70,
    });
    const upstream = await expectOneRecord('anthropic', 'claude-sonnet-4-6');
    expect(upstream.headers['x-api-key']).toBe(testProviderKey);
    expect(upstream.path).toBe('/v1/messages');
  });

  it('Anthropic Messages, as one JSON body', async () => {
    platform.fake.script(text('Whole.', { usage }));
    const message = await anthropic().messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.usage.output_tokens).toBe(345);
    await expectOneRecord('anthropic', 'claude-haiku-4-5');
  });

  it('OpenAI chat completions, streamed by a client that did not ask for usage', async () => {
    platform.fake.script(text('Chunked.', { usage }));
    const stream = await openai().chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    expect(content).toBe('Chunked.');
    const upstream = await expectOneRecord('openai', 'gpt-5-mini');
    expect(upstream.headers.authorization).toBe(`Bearer ${testProviderKey}`);
    // The one rewrite: a streamed chat completion is asked for its usage.
    expect(upstream.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(upstream.path).toBe('/v1/chat/completions');
  });

  it('OpenAI chat completions, as one JSON body', async () => {
    platform.fake.script(text('Whole.', { usage }));
    const completion = await openai().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.usage).toMatchObject({ prompt_tokens: 1270, completion_tokens: 345 });
    const upstream = await expectOneRecord('openai', 'gpt-4o');
    expect(upstream.body).not.toHaveProperty('stream_options');
  });

  it('OpenAI Responses, streamed', async () => {
    platform.fake.script(text('Responded.', { usage }));
    const response = await openai().responses.stream({ model: 'gpt-5', input: 'hi' }).finalResponse();
    expect(response.output).toMatchObject([{ type: 'message', content: [{ text: 'Responded.' }] }]);
    expect(response.usage).toMatchObject({ input_tokens: 1270, output_tokens: 345 });
    const upstream = await expectOneRecord('openai', 'gpt-5');
    expect(upstream.path).toBe('/v1/responses');
  });

  it('OpenAI Responses, as one JSON body', async () => {
    platform.fake.script(text('Responded.', { usage }));
    const response = await openai().responses.create({ model: 'gpt-5', input: 'hi' });
    expect(response.output_text).toBe('Responded.');
    await expectOneRecord('openai', 'gpt-5');
  });

  it('Gemini streamGenerateContent with alt=sse', async () => {
    platform.fake.script(text('Gemini streams.', { usage }));
    const stream = await gemini().models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
    let content = '';
    for await (const chunk of stream) content += chunk.text ?? '';
    expect(content).toBe('Gemini streams.');
    const upstream = await expectOneRecord('google', 'gemini-2.5-flash');
    expect(upstream.headers['x-goog-api-key']).toBe(testProviderKey);
    expect(upstream.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(upstream.query).toEqual({ alt: 'sse' });
  });

  it('Gemini generateContent, as one JSON body', async () => {
    platform.fake.script(text('Whole.', { usage }));
    const response = await gemini().models.generateContent({ model: 'gemini-2.5-pro', contents: 'hi' });
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 1270, candidatesTokenCount: 345 });
    await expectOneRecord('google', 'gemini-2.5-pro');
  });

  it("Gemini's JSON-array stream, with the token in ?key= (dropped from the query upstream)", async () => {
    platform.fake.script(text('Array stream.', { usage }));
    const response = await fetch(
      `${platform.url}/llm/google/v1beta/models/gemini-2.5-flash:streamGenerateContent?key=${run.token}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      },
    );
    expect(response.status).toBe(200);
    const chunks = (await response.json()) as Array<{
      candidates: Array<{ content?: { parts: Array<{ text: string }> } }>;
    }>;
    expect(
      chunks
        .flatMap((chunk) => chunk.candidates[0]?.content?.parts ?? [])
        .map((part) => part.text)
        .join(''),
    ).toBe('Array stream.');
    const upstream = await expectOneRecord('google', 'gemini-2.5-flash');
    expect(upstream.query).toEqual({});
  });

  it('records nothing for calls without usage (a model list), and passes provider errors through as they are', async () => {
    const models = await anthropic().models.list();
    expect(models.data.length).toBeGreaterThan(0);
    platform.fake.script({ kind: 'error', status: 429, message: 'Slow down.', retryAfterSeconds: 3 });
    const refused = await fetch(`${platform.url}/llm/openai/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${run.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(await refused.json()).toMatchObject({
      error: { message: 'Slow down.', code: 'rate_limit_exceeded' },
    });
    expect(await recordsOf(platform, run.runId)).toEqual([]);
  });
});
