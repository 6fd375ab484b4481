import type { FastifyReply } from 'fastify';

/** One open `text/event-stream` response. */
export interface SseConnection {
  /** Aborted once the response is over: the client went away, or `end()` was called. */
  readonly signal: AbortSignal;
  /**
   * Writes one whole frame. Resolves at once while the socket takes data, otherwise when it
   * drains or closes: awaiting it is how a slow client slows only its own stream. Never
   * rejects; once the response is over it does nothing.
   */
  write(frame: string): Promise<void>;
  /** Ends the response. Idempotent. */
  end(): void;
}

/**
 * Takes the response over from Fastify (`reply.hijack()`) and starts an event stream with
 * headers that keep proxies from buffering or transforming it, and a comment every
 * `keepAliveMs` so idle streams survive proxy timeouts. Check everything that can fail with
 * a normal error response before calling this: after it, only the stream remains.
 */
export function openSseConnection(reply: FastifyReply, options: { keepAliveMs: number }): SseConnection {
  reply.hijack();
  const response = reply.raw;
  // A hijacked reply does not send headers hooks set on it (request id, CORS…): pass them on.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) response.setHeader(name, value);
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  response.flushHeaders();

  const over = new AbortController();
  const isOpen = () => !response.destroyed && !response.writableEnded;
  // One shared wait, however many writers (a feed's runs) are blocked on the same socket.
  let drained: Promise<void> | undefined;
  const waitForDrain = () => {
    drained ??= new Promise<void>((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        drained = undefined;
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
    return drained;
  };
  const keepAlive = setInterval(() => {
    // A blocked socket is not idle; a comment would only grow its buffer.
    if (isOpen() && !response.writableNeedDrain) response.write(': keep-alive\n\n');
  }, options.keepAliveMs);
  const finish = () => {
    clearInterval(keepAlive);
    over.abort();
  };
  // 'close' on the response fires both when we end it and when the client disconnects —
  // but not again for a client that left before the hijack (while we were still checking
  // the request): 'close' has fired already then, and the stream must end at once.
  if (response.destroyed) finish();
  else response.once('close', finish);

  return {
    signal: over.signal,
    write(frame) {
      if (!isOpen()) return Promise.resolve();
      if (response.write(frame)) return Promise.resolve();
      return waitForDrain();
    },
    end() {
      if (isOpen()) response.end();
    },
  };
}
