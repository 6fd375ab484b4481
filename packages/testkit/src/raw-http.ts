import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { type Dispatcher, getGlobalDispatcher } from 'undici';

/** One request exactly as written: no URL normalisation, any body, optionally chunked. */
export interface RawRequest {
  /** Origin to send to, e.g. `http://127.0.0.1:3001`. */
  origin: string;
  method: string;
  /** Request target as sent (`/api/x?y=%ff`), escapes untouched. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent with `Transfer-Encoding: chunked` in 64 KiB chunks instead of a Content-Length. */
  chunked?: boolean;
  /** Give up after this long (ms, default 10 s): the answer is then `{status: 'timeout'}`. */
  timeoutMs?: number;
}

/** What came back. `status` is a number, `'timeout'`, or `'reset'` (the connection died unanswered). */
export interface RawResponse {
  status: number | 'timeout' | 'reset';
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Time to the complete answer (ms). */
  ms: number;
  /** Why the connection died, for `'reset'`. */
  error?: string;
}

/**
 * Sends `request` with undici (which reads an answer that comes before the body is all sent, as
 * browsers do); resolves, never rejects, with what came back.
 */
export async function sendRaw(request: RawRequest): Promise<RawResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const bytes = request.body === undefined ? undefined : Buffer.from(request.body);
  // A stream has no length: undici sends it chunked.
  const body =
    bytes && request.chunked
      ? Readable.from(
          (function* () {
            for (let offset = 0; offset < bytes.length; offset += 65_536)
              yield bytes.subarray(offset, offset + 65_536);
          })(),
        )
      : bytes;
  const signal = AbortSignal.timeout(request.timeoutMs ?? 10_000);
  try {
    // The dispatcher's own request sends the path as given (the URL form would resolve `..`).
    const response = await getGlobalDispatcher().request({
      origin: request.origin,
      path: request.path,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: body ?? null,
      signal,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body: text, ms: elapsed() };
  } catch (error) {
    if (signal.aborted) return { status: 'timeout', headers: {}, body: '', ms: elapsed() };
    return { status: 'reset', headers: {}, body: '', ms: elapsed(), error: String(error) };
  }
}

/**
 * Writes `bytes` to a fresh TCP connection and returns everything the server answers until
 * it closes (or `timeoutMs`, default 5 s): for requests no HTTP client would send.
 */
export function sendBytes(origin: string, bytes: string | Buffer, timeoutMs = 5_000): Promise<string> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', () => {});
    socket.write(bytes);
  });
}
