import { Readable, Transform } from 'node:stream';
import { PlatformError } from '@lifeosai/errors';

/** What is forwarded upstream as the body. */
export interface UpstreamBody {
  body?: Readable | Buffer;
  /** Set when the proxy rewrote the body (the client's `content-length` no longer holds). */
  contentLength?: number;
}

const tooLarge = (limit: number) =>
  new PlatformError(
    'BODY_TOO_LARGE',
    `The request body is larger than the LLM proxy forwards (${Math.round(limit / 1024 / 1024)} MiB).`,
  );

/**
 * The client's body, streamed as it arrives (never held whole), cut off with a 413 past
 * `limit` bytes. One exception: a streamed OpenAI chat completion is read whole and gets
 * `stream_options.include_usage: true`, because chat-completion streams report no usage
 * unless asked, and a call whose usage the proxy cannot see would escape the budget.
 */
export async function upstreamBody(
  raw: unknown,
  declaredLength: string | undefined,
  options: { limit: number; ensureChatUsage: boolean },
): Promise<UpstreamBody> {
  if (!(raw instanceof Readable)) return {};
  if (declaredLength !== undefined && Number(declaredLength) > options.limit) {
    raw.resume();
    throw tooLarge(options.limit);
  }
  if (options.ensureChatUsage) {
    const whole = await readAll(raw, options.limit);
    const rewritten = withChatUsage(whole);
    return { body: rewritten, contentLength: rewritten.length };
  }
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > options.limit ? tooLarge(options.limit) : null, chunk);
    },
  });
  raw.on('error', (error) => counted.destroy(error));
  return { body: raw.pipe(counted) };
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body with `stream_options.include_usage` set when it asks for a stream; anything else as is. */
function withChatUsage(body: Buffer): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { stream?: unknown }).stream !== true) {
    return body;
  }
  const request = parsed as { stream_options?: unknown };
  const options =
    typeof request.stream_options === 'object' && request.stream_options !== null
      ? request.stream_options
      : {};
  if ((options as { include_usage?: unknown }).include_usage === true) return body;
  return Buffer.from(JSON.stringify({ ...request, stream_options: { ...options, include_usage: true } }));
}

/**
 * Reads what is left of a request body and drops it, so the connection can carry the next
 * request; a body that goes on past `limit` bytes ends the connection instead.
 */
export function discardRest(raw: Readable, limit: number): void {
  raw.unpipe();
  let dropped = 0;
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) raw.destroy();
  });
  raw.resume();
}
