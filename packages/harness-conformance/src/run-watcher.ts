import { setTimeout as delay } from 'node:timers/promises';
import type { HarnessEvent } from '@lifeosai/events';
import { descendantsOf, isLeftOver, processFile } from '@lifeosai/harness-kit';
import type { RunHandle } from '@lifeosai/harness-spec';
import type { FakeLlm } from '@lifeosai/testkit/fake-llm';

/** What one run did, as seen from outside the harness. */
export interface WatchedRun {
  events: HarnessEvent[];
  /** Every process the run had while it was sampled (pid → its argv, environment and start time). */
  processes: Map<number, { cmdline: string; environ: string; startTime: number }>;
  /** ms from start until the iterator finished. */
  durationMs: number;
}

export interface WatchOptions {
  /** Called for every event, in order; may call the handle (cancel, respond). */
  onEvent?: (event: HarnessEvent, handle: RunHandle) => void | Promise<void>;
  /** Sampling period of the process table (ms). */
  sampleEveryMs?: number;
}

/**
 * Drains a run while sampling the process table, so tests can check what every spawned
 * process carried in argv and environment, and which pids must be gone afterwards.
 */
export async function watchRun(handle: RunHandle, options: WatchOptions = {}): Promise<WatchedRun> {
  const processes: WatchedRun['processes'] = new Map();
  const known = new Set(descendantsOf(process.pid).map((info) => info.pid));
  const sample = () => {
    for (const info of descendantsOf(process.pid)) {
      if (known.has(info.pid) || processes.has(info.pid)) continue;
      const cmdline = processFile(info.pid, 'cmdline');
      if (cmdline)
        processes.set(info.pid, {
          cmdline,
          environ: processFile(info.pid, 'environ'),
          startTime: info.startTime,
        });
    }
  };
  const timer = setInterval(sample, options.sampleEveryMs ?? 25);
  const started = performance.now();
  const events: HarnessEvent[] = [];
  try {
    for await (const event of handle.events) {
      sample();
      events.push(event);
      await options.onEvent?.(event, handle);
    }
  } finally {
    clearInterval(timer);
  }
  return { events, processes, durationMs: performance.now() - started };
}

/** The run's processes still there after it ended (the same processes: a reused pid does not count). */
export function leftOverProcesses(watched: Pick<WatchedRun, 'processes'>): number[] {
  return [...watched.processes]
    .filter(([pid, seen]) => isLeftOver({ pid, startTime: seen.startTime }))
    .map(([pid]) => pid);
}

/** Text of all `text_delta`s in the run's `stream_event`s, in order. */
export function streamedText(events: readonly HarnessEvent[]): string {
  let out = '';
  for (const event of events) {
    if (event.type !== 'stream_event') continue;
    const raw = event.event as { type: string; delta?: { type: string; text?: string } };
    if (raw.type === 'content_block_delta' && raw.delta?.type === 'text_delta') out += raw.delta.text ?? '';
  }
  return out;
}

/** Text blocks of the run's `assistant` events, joined. */
export function assistantText(events: readonly HarnessEvent[]): string {
  return events
    .filter((event) => event.type === 'assistant')
    .flatMap((event) => event.message.content)
    .map((block) => (block.type === 'text' ? block.text : ''))
    .join('');
}

/** `tool_result` contents of the run's `user` events, flattened to text. */
export function toolResults(events: readonly HarnessEvent[]): Array<{ text: string; isError: boolean }> {
  const results: Array<{ text: string; isError: boolean }> = [];
  for (const event of events) {
    if (event.type !== 'user' || typeof event.message.content === 'string') continue;
    for (const block of event.message.content) {
      if (block.type !== 'tool_result') continue;
      const content = block.content;
      const text =
        typeof content === 'string'
          ? content
          : (content ?? [])
              .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
              .join('');
      results.push({ text, isError: block.is_error === true });
    }
  }
  return results;
}

/**
 * Resolves once the fake LLM is answering (a response open, e.g. a stall that sent its partial
 * text), and the runtime has had a moment to read what was sent: "mid-answer" for a runtime that
 * streams no partial text. Rejects after `timeoutMs`.
 */
export async function whenAnswering(fake: FakeLlm, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (fake.activeResponses() === 0) {
    if (performance.now() > deadline) throw new Error(`the model was not called within ${timeoutMs} ms`);
    await delay(20);
  }
  await delay(150);
}
