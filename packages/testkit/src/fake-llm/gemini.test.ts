import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { error, estimateTokens, promptText, reply, startFakeLlm, text, toolCall } from './index.ts';

const fake = await startFakeLlm();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

// The SDK's base URL convention: no version (it appends /v1beta itself).
const client = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.url } });
const model = 'gemini-2.5-flash';

function postGemini(
  method: 'generateContent' | 'streamGenerateContent',
  body: object,
  query = '',
): Promise<Response> {
  return fetch(`${fake.url}/v1beta/models/${model}:${method}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'test-key' },
    body: JSON.stringify(body),
  });
}

const userText = (content: string) => ({ contents: [{ role: 'user', parts: [{ text: content }] }] });

describe('Gemini streamGenerateContent', () => {
  it('streams text to the real SDK (alt=sse) with usageMetadata on the last chunk', async () => {
    fake.script(text('Hello there, world', { usage: { cacheReadInputTokens: 2 } }));
    const stream = await client.models.generateContentStream({
      model,
      contents: 'hi',
      config: { systemInstruction: 'Be brief.' },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('Hello there, world');
    const last = chunks.at(-1)!;
    expect(last.candidates?.[0]?.finishReason).toBe('STOP');
    const request = fake.modelRequests()[0]!;
    expect(request).toMatchObject({ api: 'google', endpoint: 'generate_content', query: { alt: 'sse' } });
    expect(request.path).toBe(`/v1beta/models/${model}:streamGenerateContent`);
    expect(request.headers['x-goog-api-key']).toBe('test-key');
    const body = request.body as { contents: unknown; systemInstruction: unknown };
    const input = estimateTokens(promptText({ system: body.systemInstruction, messages: body.contents }));
    expect(last.usageMetadata).toEqual({
      promptTokenCount: input + 2,
      candidatesTokenCount: estimateTokens('Hello there, world'),
      totalTokenCount: input + 2 + estimateTokens('Hello there, world'),
      cachedContentTokenCount: 2,
    });
    expect(last.modelVersion).toBe(model);
  });

  it('sends a function call whole, and sees the function response on the next turn', async () => {
    fake.script(toolCall({ name: 'get_weather', input: { city: 'Paris' } }));
    fake.on((call) => call.lastMessageIsToolResult, text('Sunny.'));
    const tools = [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city.' }] }];
    const first = await client.models.generateContent({ model, contents: 'weather?', config: { tools } });
    expect(first.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
    expect(fake.modelRequests()[0]!.scenario).toBeDefined();

    const second = await client.models.generateContent({
      model,
      contents: [
        { role: 'user', parts: [{ text: 'weather?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'clear' } } }] },
      ],
      config: { tools },
    });
    expect(second.text).toBe('Sunny.');
  });

  it('without alt=sse, streams one JSON array, element by element', async () => {
    fake.script(reply({ thinking: 'Hmm.', text: 'Two words', chunks: 2 }));
    const response = await postGemini('streamGenerateContent', userText('x'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const raw = await response.text();
    expect(raw.startsWith('[')).toBe(true);
    const chunks = JSON.parse(raw) as Array<{
      candidates: Array<{
        content?: { parts: Array<{ text?: string; thought?: boolean }> };
        finishReason?: string;
      }>;
      usageMetadata: { candidatesTokenCount?: number };
    }>;
    const parts = chunks.flatMap((chunk) => chunk.candidates[0]?.content?.parts ?? []);
    expect(parts.filter((part) => part.thought).map((part) => part.text)).toEqual(['Hm', 'm.']);
    expect(parts.filter((part) => !part.thought).map((part) => part.text)).toEqual(['Two w', 'ords']);
    expect(chunks.at(-1)!.candidates[0]!.finishReason).toBe('STOP');
    expect(chunks.at(-1)!.usageMetadata.candidatesTokenCount).toBe(estimateTokens('Hmm.Two words'));
  });
});

describe('Gemini generateContent, errors and models', () => {
  it('answers a whole response as JSON with usageMetadata', async () => {
    fake.script(text('Plain.', { stopReason: 'max_tokens' }));
    const response = await postGemini('generateContent', userText('hi'));
    expect(await response.json()).toMatchObject({
      candidates: [{ content: { parts: [{ text: 'Plain.' }], role: 'model' }, finishReason: 'MAX_TOKENS' }],
      usageMetadata: { candidatesTokenCount: estimateTokens('Plain.') },
      modelVersion: model,
    });
  });

  it('sends errors in the Google shape, 529 as 503 UNAVAILABLE, and mid-stream errors as bare JSON', async () => {
    fake.script(error(529));
    const overloaded = await postGemini('generateContent', userText('x'));
    expect(overloaded.status).toBe(503);
    expect(await overloaded.json()).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });

    fake.script(error(500, 'Broke.', { midStream: true }));
    const body = await (await postGemini('streamGenerateContent', userText('x'), '?alt=sse')).text();
    expect(body.trim().split('\r\n\r\n').at(-1)).toBe(
      '{"error":{"code":500,"message":"Broke.","status":"INTERNAL"}}',
    );

    const bad = await postGemini('generateContent', { contents: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } });
  });

  it('raises a mid-stream error in the real SDK after the text streamed before it', async () => {
    // Gemini CLI streams through this SDK: an error it does not raise would end the turn as a success.
    fake.script(reply({ text: 'Half an' }, { kind: 'error', status: 529, message: 'Overloaded.' }));
    const stream = await client.models.generateContentStream({ model, contents: 'hi' });
    const texts: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) texts.push(chunk.text ?? '');
    })().catch((cause: unknown) => cause);
    expect(texts.join('')).toBe('Half an');
    expect(failure).toMatchObject({ name: 'ApiError', status: 503 });
    expect(String((failure as Error).message)).toContain('Overloaded.');
  });

  it('lists models in the Gemini shape for a Gemini client', async () => {
    const pager = await client.models.list();
    const names = [];
    for await (const entry of pager) names.push(entry.name);
    expect(names).toEqual(['models/gemini-2.5-flash', 'models/gemini-2.5-pro']);
  });
});
