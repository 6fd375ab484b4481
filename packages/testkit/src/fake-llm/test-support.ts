/** Helpers for the fake LLM's own tests: plain `fetch` and a minimal SSE reader. */

/** One server-sent event: the `event:` name (if any) and the joined `data:` lines. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Splits an SSE body into events (blank-line separated, `:` comments ignored). */
export function parseSse(body: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of body.split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    events.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
  }
  return events;
}

/** The `data` of each event parsed as JSON. */
export function jsonData(events: SseEvent[]): Record<string, unknown>[] {
  return events.map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

/** POSTs JSON with an Anthropic client's headers. */
export function postAnthropic(
  url: string,
  body: object,
  init: { path?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${url}${init.path ?? '/v1/messages'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'test-key',
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify(body),
    signal: init.signal,
  });
}

/** POSTs JSON with an OpenAI client's headers. */
export function postOpenAi(
  url: string,
  body: object,
  init: { path?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${url}${init.path ?? '/v1/chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
    body: JSON.stringify(body),
    signal: init.signal,
  });
}

/** A request body with the fields the token estimate reads. */
export type PromptBody = Record<string, unknown> & { messages: unknown[] };

/** A minimal valid `/v1/messages` body. */
export function anthropicBody(content = 'hello', extra: object = {}): PromptBody {
  return { model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content }], ...extra };
}

/** A minimal valid `/v1/chat/completions` body. */
export function openAiBody(content = 'hello', extra: object = {}): PromptBody {
  return { model: 'gpt-test', messages: [{ role: 'user', content }], ...extra };
}

/**
 * Reads a streamed body until `predicate` holds for the text so far, then returns that
 * text with the reader still open (for stalls, where the body never ends).
 */
export async function readUntil(
  response: Response,
  predicate: (text: string) => boolean,
): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!predicate(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Stream ended before the expected text; got:\n${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return { text, reader };
}
