import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { UsageObserver, WireUsage } from './wire-usage.ts';

/** A JSON body larger than this is passed through without being read for usage. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** The tap on one response: bytes pass through unchanged; usage comes out at the end. */
export interface UsageMeter {
  /** Pipe the upstream body through it to the client. */
  readonly stream: Transform;
  /**
   * Resolves once the response ended, failed or was abandoned, with what the wire reported
   * so far (partial for an interrupted stream); never rejects.
   */
  readonly done: Promise<WireUsage | undefined>;
}

/**
 * Reads an SSE response (`text/event-stream`: each event's `data` as JSON, as it passes) or a
 * JSON one (the whole body at the end; a top-level array — Gemini's JSON stream — element by
 * element) into the observer, without holding anything back from the client.
 */
export function usageMeter(contentType: string | undefined, observer: UsageObserver): UsageMeter {
  const sse = (contentType ?? '').toLowerCase().includes('text/event-stream');
  const decoder = new StringDecoder('utf8');
  const reader = sse ? sseReader(observer) : jsonReader(observer);
  let finish: (usage: WireUsage | undefined) => void = () => {};
  const done = new Promise<WireUsage | undefined>((resolve) => {
    finish = resolve;
  });
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    try {
      reader.end(decoder.end());
    } finally {
      finish(observer.usage());
    }
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        reader.push(decoder.write(chunk));
      } catch {
        // Reading usage must never break the stream: the bytes still go through.
      }
      callback(null, chunk);
    },
    flush(callback) {
      settle();
      callback();
    },
  });
  // Destroyed before the end (client gone, upstream failed): report what was seen.
  stream.once('close', settle);
  return { stream, done };
}

interface TextReader {
  push(text: string): void;
  end(rest: string): void;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Server-sent events: `data:` lines joined per event, dispatched at each blank line; only
 * events that mention usage (`usage`, `usageMetadata`) are parsed.
 */
function sseReader(observer: UsageObserver): TextReader {
  let pending = '';
  let data: string[] = [];
  const dispatch = () => {
    if (data.length === 0) return;
    const payload = data.join('\n');
    data = [];
    // Usage (and the model beside it) rides on few events: the others are not parsed at all.
    if (payload.includes('sage')) observer.observe(parse(payload));
  };
  const lines = (text: string, final: boolean) => {
    pending += text;
    const parts = pending.split(/\r\n|\r|\n/);
    pending = final ? '' : (parts.pop() ?? '');
    for (const line of parts) {
      if (line === '') dispatch();
      else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
    if (final) dispatch();
  };
  return { push: (text) => lines(text, false), end: (rest) => lines(`${rest}\n`, true) };
}

/** A whole JSON body, read at its end; past `MAX_JSON_BYTES` it is not read. */
function jsonReader(observer: UsageObserver): TextReader {
  let body = '';
  let overflow = false;
  return {
    push(text) {
      if (overflow) return;
      body += text;
      if (body.length > MAX_JSON_BYTES) {
        overflow = true;
        body = '';
      }
    },
    end(rest) {
      if (overflow) return;
      const json = parse(body + rest);
      body = '';
      for (const item of Array.isArray(json) ? json : [json]) observer.observe(item);
    },
  };
}
