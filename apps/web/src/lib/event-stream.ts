import type { RunEvent } from './events.ts';

/** One server-sent event: its `id:`, `event:` and (joined) `data:` lines. */
export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Splits server-sent-event text into its complete frames and the unfinished rest (to prepend
 * to the next chunk). Comments (`: keep-alive`) and frames without data are skipped.
 */
export function parseSseFrames(text: string): { frames: SseFrame[]; rest: string } {
  const parts = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = parts.pop() ?? '';
  const frames: SseFrame[] = [];
  for (const part of parts) {
    const frame: SseFrame = { data: '' };
    const data: string[] = [];
    for (const line of part.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) frames.push({ ...frame, data: data.join('\n') });
  }
  return { frames, rest };
}

/** Reads a body of server-sent events to its end, handing over each complete frame in order. */
export async function readSseBody(
  body: NonNullable<Response['body']>,
  onFrame: (frame: SseFrame) => void,
): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    const { frames, rest } = parseSseFrames(buffer + chunk.value);
    buffer = rest;
    for (const frame of frames) onFrame(frame);
  }
}

export interface FollowRunStreamOptions {
  /** Each event in seq order, whatever its type. Contract: must not throw. */
  onEvent(event: RunEvent): void;
  /** The stream is over: after the run's `result`, or refused (`error`: why). Called once. */
  onEnd(error?: Error): void;
  /** Stops following; `onEnd` is not called then. */
  signal: AbortSignal;
  /** Injected in tests. */
  fetch?: typeof fetch;
  /** Wait before reconnecting after the connection dropped (ms). */
  retryMs?: number;
}

/**
 * Follows a run's event stream (`GET /api/agent/runs/:id/stream`) until its `result`. Read with
 * `fetch` rather than `EventSource`, which delivers only the event names a page listens for:
 * here every frame arrives, so an event type this app was built without still reaches the chat.
 * A dropped connection is resumed with `Last-Event-ID`, as EventSource would, so nothing is
 * skipped or repeated.
 */
export async function followRunStream(url: string, options: FollowRunStreamOptions): Promise<void> {
  const { signal, onEvent, onEnd, retryMs = 2000 } = options;
  const fetchStream = options.fetch ?? fetch;
  let lastId: string | undefined;
  while (!signal.aborted) {
    let finished = false;
    try {
      const response = await fetchStream(url, {
        headers: { accept: 'text/event-stream', ...(lastId !== undefined && { 'last-event-id': lastId }) },
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
      if (!response.ok || !response.body) {
        onEnd(new Error(`The event stream answered ${response.status}.`));
        return;
      }
      await readSseBody(response.body, (frame) => {
        if (frame.id !== undefined) lastId = frame.id;
        const event = JSON.parse(frame.data) as RunEvent;
        onEvent(event);
        if (event.type === 'result') finished = true;
      });
    } catch {
      // A dropped connection (or a frame that is not JSON, skipped by resuming after its id).
    }
    if (signal.aborted) return;
    if (finished) {
      onEnd();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
