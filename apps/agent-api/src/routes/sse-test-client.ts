/**
 * A test client for event streams: a plain SSE parser over a `fetch` body, the way a
 * browser's EventSource reads it, plus helpers to take events from it.
 */

/** A dispatched event, or a comment line (keep-alives), which EventSource would not show. */
export type SseItem = { id: string; event: string; data: string } | { comment: string };
export type SseEvent = Extract<SseItem, { id: string }>;

/** A plain SSE parser (the server frames with `\n`): events on blank lines, comments as they come. */
export async function* sseItems(body: ReadableStream<Uint8Array>): AsyncGenerator<SseItem> {
  const decoder = new TextDecoder();
  let buffer = '';
  let id = '';
  let event = '';
  let data: string[] = [];
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length > 0) yield { id, event, data: data.join('\n') };
        [event, data] = ['', []];
      } else if (line.startsWith(':')) {
        yield { comment: line.slice(1).trim() };
      } else {
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'id') id = value;
        else if (name === 'event') event = value;
        else if (name === 'data') data.push(value);
      }
    }
  }
}

export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  for await (const item of sseItems(body)) if ('id' in item) yield item;
}

/** The next `count` events. */
export async function take(events: AsyncGenerator<SseEvent>, count: number): Promise<SseEvent[]> {
  const taken: SseEvent[] = [];
  while (taken.length < count) {
    const next = await events.next();
    if (next.done) throw new Error(`the stream closed after ${taken.length} of ${count} events`);
    taken.push(next.value);
  }
  return taken;
}

/** Every event until the server closes the stream. */
export async function readToEnd(events: AsyncGenerator<SseEvent>): Promise<SseEvent[]> {
  const all: SseEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
