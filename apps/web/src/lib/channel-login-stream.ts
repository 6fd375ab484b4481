import type { ChannelLoginEvent } from '@lifeosai/api-contract';
import { readSseBody } from './event-stream.ts';

/**
 * Follows a WhatsApp connection's login stream (`GET /api/agent/channels/:id/login`, SSE of
 * `{qr}` / `{pairingCode}` / `{status}`) until `signal` aborts, reconnecting after a drop (a
 * QR code expires every 20 s or so; the stream keeps sending new ones). A frame that is not
 * JSON is skipped. `onEnd(error)` is called when the API refuses the stream (its status); the
 * caller shows it and stops. Once `{status: "connected"}` came, the stream's end is the end.
 */
export async function followLoginStream(
  url: string,
  options: {
    onEvent(event: ChannelLoginEvent): void;
    onEnd(error: Error): void;
    signal: AbortSignal;
    retryMs?: number;
    fetch?: typeof fetch;
  },
): Promise<void> {
  const { signal, onEvent, onEnd, retryMs = 2000 } = options;
  const fetchStream = options.fetch ?? fetch;
  let linked = false;
  while (!signal.aborted && !linked) {
    try {
      const response = await fetchStream(url, {
        headers: { accept: 'text/event-stream' },
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        onEnd(new Error(body?.error?.message ?? `The login stream answered ${response.status}.`));
        return;
      }
      await readSseBody(response.body, (frame) => {
        let event: ChannelLoginEvent;
        try {
          event = JSON.parse(frame.data) as ChannelLoginEvent;
        } catch {
          return;
        }
        if ('status' in event && event.status === 'connected') linked = true;
        onEvent(event);
      });
    } catch {
      // The connection dropped: ask again after a pause.
    }
    if (signal.aborted || linked) return;
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
