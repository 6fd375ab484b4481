import { randomUUID } from 'node:crypto';
import type { HarnessEvent, NativeIds } from '@lifeosai/events';
import { UsageTally, type UsageTotals } from '@lifeosai/harness-kit';
import { classifyErrorMessage } from '../shared/classify-error.ts';
import type {
  PiCompactionEndEvent,
  PiContentBlock,
  PiEvent,
  PiMessage,
  PiMessageEvent,
  PiMessageUpdateEvent,
  PiRetryEvent,
  PiToolExecutionEvent,
} from '../shared/pi-events.ts';
import { AssistantStream } from './assistant-stream.ts';
import {
  contentBlocksOf,
  mapAssistantBlock,
  mapStopReason,
  mapUsage,
  textOf,
  toolResultBlockOf,
} from './content-blocks.ts';

/** Seams of the normalizer; defaults suit a live run. */
export interface PiNormalizerOptions {
  /** The native session id stamped on message events and the result. */
  sessionId?: string;
  /** Milliseconds clock, for `tool_progress` elapsed times. */
  now?: () => number;
  /** Id for an assistant message whose provider sent none. */
  newMessageId?: () => string;
  /** Model to bill a compaction's summary call to when no message named one yet. */
  model?: string;
}

/** What the run produced, for its terminal events. */
export interface PiRunSummary extends UsageTotals {
  /** Model round-trips (assistant messages, failed ones included). */
  numTurns: number;
  /** Text of the last assistant message that had any. */
  resultText?: string;
  /** Anthropic-style stop reason of the last assistant message. */
  stopReason: string | null;
  /** Pi's `stopReason` of the last assistant message (`error`, `aborted`, `stop`, …). */
  lastPiStopReason?: string;
  /** `errorMessage` of the last assistant message when it failed. */
  lastErrorMessage?: string;
}

const parentToolUseId = null;

/**
 * Turns Pi session events into unified event bodies, one event at a time. Pure apart from
 * the injected clock and id seams: no I/O, no process state, so a recorded stream replays
 * to the same bodies.
 *
 * Mapping: text/thinking/tool-call steps → `stream_event` (Anthropic raw events, the block's
 * position as `index`); a finished assistant message → `assistant` + `usage`; a tool result
 * → `user` with a `tool_result` block; `tool_execution_update` → `tool_progress`; a retry →
 * `status` (`retrying`); compaction → `status` (`compacting`) and `system`/`compact_boundary`.
 * Everything else (agent/turn lifecycle, the prompt echo, system messages) is dropped.
 */
export class PiEventNormalizer {
  readonly #tally = new UsageTally();
  readonly #toolStarts = new Map<string, number>();
  readonly #now: () => number;
  readonly #newMessageId: () => string;
  #sessionId: string | undefined;
  #model: string | undefined;
  #streaming: AssistantStream | undefined;
  #numTurns = 0;
  #lastAssistant: PiMessage | undefined;
  #resultText: string | undefined;
  /** Entry ids of failed attempts that the next assistant message replaces (Pi retried). */
  #superseded: string[] = [];
  #lastFailedEntryId: string | undefined;

  constructor(options: PiNormalizerOptions = {}) {
    this.#sessionId = options.sessionId;
    this.#model = options.model;
    this.#now = options.now ?? Date.now;
    this.#newMessageId = options.newMessageId ?? (() => `msg_pi_${randomUUID()}`);
  }

  /** The bodies one Pi event becomes (often none). */
  push(event: PiEvent): HarnessEvent[] {
    switch (event.type) {
      case 'message_start':
        return this.#messageStart(event as PiMessageEvent);
      case 'message_update':
        return this.#messageUpdate(event as PiMessageUpdateEvent);
      case 'message_end':
        return this.#messageEnd(event as PiMessageEvent);
      case 'tool_execution_start':
        this.#toolStarts.set((event as PiToolExecutionEvent).toolCallId, this.#now());
        return [];
      case 'tool_execution_update':
        return [this.#toolProgress(event as PiToolExecutionEvent)];
      case 'tool_execution_end':
        this.#toolStarts.delete((event as PiToolExecutionEvent).toolCallId);
        return [];
      case 'auto_retry_start':
        return [this.#retrying(event as PiRetryEvent)];
      case 'compaction_start':
        return [{ type: 'status', status: 'compacting' }];
      case 'compaction_end':
        return this.#compactionEnd(event as PiCompactionEndEvent);
      default:
        return [];
    }
  }

  /** Figures for the result, as of now. */
  summary(): PiRunSummary {
    const last = this.#lastAssistant;
    return {
      ...this.#tally.totals(),
      numTurns: this.#numTurns,
      resultText: this.#resultText,
      stopReason: mapStopReason(last?.stopReason),
      lastPiStopReason: last?.stopReason,
      lastErrorMessage:
        last?.stopReason === 'error' ? (last.errorMessage ?? 'the model call failed') : undefined,
    };
  }

  /** Native ids for an event: the session, and the entry when known. */
  native(messageId?: string): NativeIds | undefined {
    if (this.#sessionId === undefined && messageId === undefined) return undefined;
    return {
      ...(this.#sessionId === undefined ? {} : { sessionId: this.#sessionId }),
      ...(messageId === undefined ? {} : { messageId }),
    };
  }

  #messageStart(event: PiMessageEvent): HarnessEvent[] {
    if (event.message.role !== 'assistant') return [];
    const model = event.message.model ?? this.#model ?? 'unknown';
    this.#streaming = new AssistantStream(event.message, model, this.#newMessageId);
    return [];
  }

  #messageUpdate(event: PiMessageUpdateEvent): HarnessEvent[] {
    return this.#streaming?.step(event.assistantMessageEvent) ?? [];
  }

  #messageEnd(event: PiMessageEvent): HarnessEvent[] {
    const { message, entryId } = event;
    if (message.role === 'toolResult') {
      return [
        {
          type: 'user',
          message: { role: 'user', content: [toolResultBlockOf(message)] },
          parent_tool_use_id: parentToolUseId,
          ...(message.details === undefined ? {} : { tool_use_result: message.details }),
          native: this.native(entryId),
        },
      ];
    }
    if (message.role !== 'assistant') return [];
    return this.#assistantEnd(message, entryId);
  }

  #assistantEnd(message: PiMessage, entryId: string | undefined): HarnessEvent[] {
    const streaming = this.#streaming;
    this.#streaming = undefined;
    const model = message.model ?? streaming?.model ?? this.#model ?? 'unknown';
    this.#model = model;
    const id = streaming?.id ?? message.responseId ?? this.#newMessageId();
    const stopReason = mapStopReason(message.stopReason);
    const usage = mapUsage(message.usage);
    const out = streaming?.end(stopReason, usage.output_tokens) ?? [];
    const failed = message.stopReason === 'error';
    const content = contentBlocksOf(message).map(mapAssistantBlock);
    if (content.length > 0 || !failed) {
      out.push({
        type: 'assistant',
        message: { id, role: 'assistant', model, content, stop_reason: stopReason, usage },
        parent_tool_use_id: parentToolUseId,
        ...(this.#superseded.length > 0 ? { supersedes: this.#superseded } : {}),
        ...(failed ? { error: classifyErrorMessage(message.errorMessage ?? '').errorClass } : {}),
        native: this.native(entryId),
      });
      if (!failed) this.#superseded = [];
    }
    this.#numTurns += 1;
    this.#tally.add(model, usage, message.usage?.cost?.total ?? 0);
    if (hasTokens(usage)) out.push({ type: 'usage', model, usage });
    this.#lastAssistant = message;
    this.#lastFailedEntryId = failed ? entryId : undefined;
    const text = textOf(message);
    if (text !== '') this.#resultText = text;
    return out;
  }

  #toolProgress(event: PiToolExecutionEvent): HarnessEvent {
    const started = this.#toolStarts.get(event.toolCallId) ?? this.#now();
    const output = (event.partialResult?.content ?? [])
      .map((block: PiContentBlock) => (block.type === 'text' ? block.text : ''))
      .join('');
    return {
      type: 'tool_progress',
      tool_use_id: event.toolCallId,
      tool_name: event.toolName,
      parent_tool_use_id: parentToolUseId,
      elapsed_time_seconds: Math.max(0, (this.#now() - started) / 1000),
      ...(output === '' ? {} : { partial_output: output }),
    };
  }

  #retrying(event: PiRetryEvent): HarnessEvent {
    // The failed attempt is dropped from Pi's context; the next message replaces it.
    if (this.#lastFailedEntryId !== undefined) this.#superseded.push(this.#lastFailedEntryId);
    this.#lastFailedEntryId = undefined;
    return {
      type: 'status',
      status: 'retrying',
      message: event.errorMessage,
      retry: {
        attempt: event.attempt,
        maxRetries: event.maxAttempts,
        delayMs: event.delayMs,
        errorClass: classifyErrorMessage(event.errorMessage).errorClass,
      },
    };
  }

  #compactionEnd(event: PiCompactionEndEvent): HarnessEvent[] {
    const result = event.result;
    if (event.aborted || result === undefined) return [];
    if (result.usage) {
      this.#tally.add(this.#model ?? 'unknown', mapUsage(result.usage), result.usage.cost?.total ?? 0);
    }
    return [
      {
        type: 'system',
        subtype: 'compact_boundary',
        compact_metadata: {
          trigger: event.reason === 'manual' ? 'manual' : 'auto',
          pre_tokens: result.tokensBefore,
          ...(result.estimatedTokensAfter === undefined ? {} : { post_tokens: result.estimatedTokensAfter }),
        },
        native: this.native(),
      },
    ];
  }
}

function hasTokens(usage: ReturnType<typeof mapUsage>): boolean {
  return (
    usage.input_tokens +
      usage.output_tokens +
      usage.cache_creation_input_tokens +
      usage.cache_read_input_tokens >
    0
  );
}
