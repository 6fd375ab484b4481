import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { malformed, slow, stall, startFakeLlm, text, truncated } from './index.ts';
import { anthropicBody, openAiBody, parseSse, postAnthropic, postOpenAi, readUntil } from './test-support.ts';

const fake = await startFakeLlm();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('malformed streams', () => {
  it('Anthropic: sends a content_block_delta whose data is not JSON, then ends without message_stop', async () => {
    fake.script(malformed({ afterText: 'partial' }));
    const events = parseSse(
      await (await postAnthropic(fake.url, anthropicBody('x', { stream: true }))).text(),
    );
    const last = events.at(-1)!;
    expect(last.event).toBe('content_block_delta');
    expect(() => JSON.parse(last.data)).toThrow(SyntaxError);
    expect(events.map((event) => event.event)).not.toContain('message_stop');
  });

  it('OpenAI: sends a data line that is not JSON and no [DONE]', async () => {
    fake.script(malformed());
    const events = parseSse(await (await postOpenAi(fake.url, openAiBody('x', { stream: true }))).text());
    expect(() => JSON.parse(events.at(-1)!.data)).toThrow(SyntaxError);
    expect(events.map((event) => event.data)).not.toContain('[DONE]');
  });

  it('plain JSON: answers 200 with a body that does not parse', async () => {
    fake.script(malformed());
    const response = await postAnthropic(fake.url, anthropicBody());
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });
});

describe('truncated streams', () => {
  it('drops the connection mid-stream: the client sees the text so far, then a network error', async () => {
    fake.script(truncated({ afterText: 'half a thought' }));
    const response = await postAnthropic(fake.url, anthropicBody('x', { stream: true }));
    const { text: received, reader } = await readUntil(response, (body) => body.includes('thought'));
    await expect(drain(reader)).rejects.toThrow();
    expect(received).not.toContain('message_stop');
  });

  it('with endResponse, ends the HTTP response cleanly but without [DONE]', async () => {
    fake.script(truncated({ afterText: 'half', endResponse: true }));
    const body = await (await postOpenAi(fake.url, openAiBody('x', { stream: true }))).text();
    expect(body).toContain('half');
    expect(body).not.toContain('[DONE]');
  });

  it('plain JSON: closes before the declared content-length', async () => {
    fake.script(truncated());
    const response = await postOpenAi(fake.url, openAiBody());
    await expect(response.text()).rejects.toThrow();
  });
});

describe('stalls', () => {
  it('streams the text, goes silent, and ends when the client aborts', async () => {
    fake.script(stall({ afterText: 'thinking about it' }));
    const client = new AbortController();
    const response = await postAnthropic(fake.url, anthropicBody('x', { stream: true }), {
      signal: client.signal,
    });
    const { text: received } = await readUntil(response, (body) => body.includes('it'));
    expect(received).not.toContain('content_block_stop');
    await waitFor(() => fake.activeResponses() === 1);
    client.abort();
    await waitFor(() => fake.activeResponses() === 0);
    // The server still answers after the abandoned stall.
    fake.script(text('next'));
    expect(await (await postAnthropic(fake.url, anthropicBody())).json()).toMatchObject({
      content: [{ type: 'text', text: 'next' }],
    });
  });

  it('with ms, resumes after the pause and completes the stream', async () => {
    fake.script(stall({ afterText: 'wait', ms: 50 }));
    const started = Date.now();
    const events = parseSse(await (await postOpenAi(fake.url, openAiBody('x', { stream: true }))).text());
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(events.at(-1)!.data).toBe('[DONE]');
  });

  it('plain JSON: holds the answer until the client gives up', async () => {
    fake.script(stall());
    const client = new AbortController();
    const pending = postAnthropic(fake.url, anthropicBody(), { signal: client.signal });
    await waitFor(() => fake.requests.length === 1);
    client.abort();
    await expect(pending).rejects.toThrow();
  });

  it('close() with an open stall returns promptly and ends the client stream', async () => {
    const other = await startFakeLlm();
    other.script(stall({ afterText: 'forever' }));
    const response = await postAnthropic(other.url, anthropicBody('x', { stream: true }));
    const { reader } = await readUntil(response, (body) => body.includes('forever'));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(500);
    await expect(drain(reader)).rejects.toThrow();
    await other.close();
  });
});

describe('slow replies', () => {
  it('pauses before every delta', async () => {
    fake.script(slow({ text: 'one two three', chunkDelayMs: 30 }));
    const started = Date.now();
    const events = parseSse(
      await (await postAnthropic(fake.url, anthropicBody('x', { stream: true }))).text(),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(85);
    expect(events.filter((event) => event.event === 'content_block_delta')).toHaveLength(3);
  });
});

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  while (!(await reader.read()).done) {
    // Keep reading until the stream ends or fails.
  }
}
