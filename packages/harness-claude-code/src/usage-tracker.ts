import { emptyUsage, type Usage, type UsageEvent } from '@lifeosai/events';
import { UsageTally, type UsageTotals } from '@lifeosai/harness-kit';
import { isRecord, mapUsage } from './map-content.ts';

interface ModelCall {
  model: string;
  usage: Usage;
}

/**
 * Follows model calls through the stream events (`message_start` … `message_stop`) to emit
 * one incremental `usage` event per call and to know the run's tokens when it ends without
 * Claude Code's own result (cancel, stall, crash). Calls are keyed by the subagent they
 * belong to, since a subagent's stream can interleave with the main thread's.
 */
export class UsageTracker {
  readonly #open = new Map<string | null, ModelCall>();
  readonly #closed: ModelCall[] = [];
  #calls = 0;

  /** Reads one raw stream event; returns a `usage` event when it completed a model call. */
  observe(event: unknown, parentToolUseId: string | null): UsageEvent | undefined {
    if (!isRecord(event)) return undefined;
    if (event.type === 'message_start' && isRecord(event.message)) {
      this.#close(parentToolUseId);
      this.#calls += 1;
      this.#open.set(parentToolUseId, {
        model: String(event.message.model ?? 'unknown'),
        usage: mapUsage(event.message.usage) ?? emptyUsage(),
      });
      return undefined;
    }
    const open = this.#open.get(parentToolUseId);
    if (!open) return undefined;
    if (event.type === 'message_delta' && isRecord(event.usage)) {
      // message_delta repeats the counts cumulatively; only the fields it carries change.
      const latest = mapUsage(event.usage);
      for (const key of Object.keys(open.usage) as Array<keyof Usage>) {
        if (typeof event.usage[key] === 'number' && latest) open.usage[key] = latest[key];
      }
      return undefined;
    }
    if (event.type === 'message_stop') {
      this.#close(parentToolUseId);
      return { type: 'usage', model: open.model, usage: { ...open.usage } };
    }
    return undefined;
  }

  /** Tokens per model so far, unfinished calls included, priced from the platform's table. */
  totals(): UsageTotals {
    const tally = new UsageTally();
    for (const call of [...this.#closed, ...this.#open.values()]) tally.add(call.model, call.usage);
    return tally.totals();
  }

  /** Model calls started in the run. */
  get calls(): number {
    return this.#calls;
  }

  #close(parentToolUseId: string | null): void {
    const open = this.#open.get(parentToolUseId);
    if (!open) return;
    this.#open.delete(parentToolUseId);
    this.#closed.push(open);
  }
}
