/** How long a body the upstream answered early may still arrive (and be dropped), in ms. */
const DRAIN_MS = 2_000;

/** A request body on its way upstream. */
export interface StreamedBody {
  /** Spread into `fetch`'s options. */
  init: { body: ReadableStream<Uint8Array> | null; duplex?: 'half' };
  /**
   * Call once the upstream answered (or failed). An answer can come before the whole body was
   * sent (a 413, a 401): the rest is then read and dropped for a moment, so the client's
   * connection is free for its next request — left unread, it would hang there — and cut
   * if more keeps coming. Never throws.
   */
  finish(): void;
}

/**
 * The body of a request the `/api` proxy forwards, streamed as it arrives (`duplex: 'half'`),
 * never buffered, so an upload of any size costs no memory here and the gateway — which knows
 * each route's limit — refuses an oversize body at once: its declared `Content-Length` is
 * forwarded (the gateway answers 413 before reading a byte), and a chunked body is counted
 * there as it passes. No body (GET, HEAD, or nothing declared) is `null`.
 */
export function streamedBody(request: Request, upstreamHeaders: Headers): StreamedBody {
  const method = request.method.toUpperCase();
  const declared = request.headers.get('content-length');
  const chunked = request.headers.get('transfer-encoding') !== null;
  if (method === 'GET' || method === 'HEAD' || !request.body || (!chunked && !Number(declared))) {
    return { init: { body: null }, finish: () => {} };
  }
  if (declared !== null && !chunked) upstreamHeaders.set('content-length', declared);
  const reader = request.body.getReader();
  let answered = false;
  const forwarded = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = answered ? undefined : await reader.read();
      if (!next || next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const drain = async () => {
    const cutAt = Date.now() + DRAIN_MS;
    try {
      for (;;) {
        if (Date.now() > cutAt) return void (await reader.cancel());
        if ((await reader.read()).done) return;
      }
    } catch {
      // The client went away: nothing left to drain.
    }
  };
  return {
    init: { body: forwarded, duplex: 'half' },
    finish() {
      if (answered) return;
      answered = true;
      void drain();
    },
  };
}
