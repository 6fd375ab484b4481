import type { ServerResponse } from 'node:http';
import { pause } from './pause.ts';
import type { PlannedReply } from './reply-plan.ts';
import type { ErrorStatus } from './scenario.ts';

/**
 * Turns a planned reply into one API's wire text. Each method returns ready-to-write SSE
 * frames (possibly several, possibly none) and must not throw. Contract: the sender calls
 * `open`, then per block `blockStart`, `blockDelta`…, `blockStop` (skipped for a block a
 * failure leaves open), then at most one of `close`, `malformed` or `streamError`.
 */
export interface WireEncoder {
  /** Headers every answer carries (request ids). */
  headers: Record<string, string>;
  /** Content type of a streamed answer; default SSE. Gemini's JSON-array stream is `application/json`. */
  streamContentType?: string;
  open(): string;
  blockStart(index: number): string;
  blockDelta(index: number, piece: string): string;
  blockStop(index: number): string;
  close(): string;
  /** A data line that is not JSON. */
  malformed(): string;
  streamError(status: ErrorStatus, message: string): string;
  /**
   * The stream error must reach the client in a network read of its own (Gemini's SDK parses
   * each read whole): the sender pauses briefly before writing it.
   */
  streamErrorApart?: boolean;
  /** The whole reply as one JSON body, for non-streaming requests. */
  body(): unknown;
}

/** Sends an HTTP error in the API's shape (`retry-after` on 429). */
export type ErrorSender = (
  res: ServerResponse,
  status: ErrorStatus,
  message: string,
  retryAfterSeconds?: number,
) => void;

/**
 * Streams a reply as SSE, pausing `delayMs` before each delta. Returns early, writing
 * nothing more, once `signal` aborts (client gone or server closing).
 */
export async function streamReply(
  res: ServerResponse,
  plan: PlannedReply,
  encoder: WireEncoder,
  signal: AbortSignal,
): Promise<void> {
  const write = (frames: string): void => {
    if (!signal.aborted && frames) res.write(frames);
  };
  res.writeHead(200, {
    ...encoder.headers,
    'content-type': encoder.streamContentType ?? 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  // Clients resolve `fetch` on headers; a stall must not hold them back.
  res.flushHeaders();
  write(encoder.open());
  const { blocks, ending } = plan;
  for (const [index, block] of blocks.entries()) {
    write(encoder.blockStart(index));
    for (const piece of block.pieces) {
      if (!(await pause(plan.delayMs, signal))) return;
      write(encoder.blockDelta(index, piece));
    }
    const leaveOpen = ending.kind !== 'complete' && index === blocks.length - 1;
    if (!leaveOpen) write(encoder.blockStop(index));
  }
  if (signal.aborted) return;
  switch (ending.kind) {
    case 'complete':
      res.end(encoder.close());
      return;
    case 'stall':
      if (!(await pause(ending.ms ?? Number.POSITIVE_INFINITY, signal))) return;
      if (blocks.length > 0) write(encoder.blockStop(blocks.length - 1));
      res.end(encoder.close());
      return;
    case 'malformed':
      res.end(encoder.malformed());
      return;
    case 'error':
      if (encoder.streamErrorApart && !(await pause(APART_MS, signal))) return;
      res.end(encoder.streamError(ending.status, ending.message));
      return;
    case 'truncated':
      if (ending.endResponse) res.end();
      else dropConnection(res);
      return;
  }
}

/**
 * Answers a non-streaming request. The total delta delay is spent before the body; a
 * stall delays the body; malformed and truncated replies cut the JSON in half.
 */
export async function sendJsonReply(
  res: ServerResponse,
  plan: PlannedReply,
  encoder: WireEncoder,
  signal: AbortSignal,
  sendError: ErrorSender,
): Promise<void> {
  const deltaCount = plan.blocks.reduce((count, block) => count + block.pieces.length, 0);
  if (!(await pause(plan.delayMs * deltaCount, signal))) return;
  const { ending } = plan;
  if (ending.kind === 'stall' && !(await pause(ending.ms ?? Number.POSITIVE_INFINITY, signal))) return;
  if (ending.kind === 'error') {
    sendError(res, ending.status, ending.message);
    return;
  }
  const body = JSON.stringify(encoder.body());
  const half = body.slice(0, Math.floor(body.length / 2));
  const headers = { ...encoder.headers, 'content-type': 'application/json' };
  if (ending.kind === 'truncated' && !ending.endResponse) {
    // The declared length promises the whole body; closing early is a real truncation.
    res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.write(half);
    dropConnection(res);
    return;
  }
  res.writeHead(200, headers);
  res.end(ending.kind === 'malformed' || ending.kind === 'truncated' ? half : body);
}

// Writes this far apart on loopback reach the client in separate reads.
const APART_MS = 25;

/** Closes the socket after flushing what was written, leaving the HTTP response unfinished. */
function dropConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end(() => socket.destroy());
}
