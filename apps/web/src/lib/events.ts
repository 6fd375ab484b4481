/** Folds unified run events (Claude Agent SDK shaped) into chat items. Pure, no DOM. */
import type { RunTrigger, Session, UnifiedEventOf, WireEvent } from '@lifeosai/api-contract';
import { totalTokens } from './api.ts';
import { failureMessage, type RunOutcome, resultOutcome, runOutcome } from './run-outcome.ts';

/**
 * An event as the chat folds it: the contract's `WireEvent`, of which only `seq` and `type` are
 * relied on — every other field is read defensively, and a `type` the chat has no view for
 * (a newer server's) becomes a generic row, never dropped.
 */
export type RunEvent = Pick<WireEvent, 'seq' | 'type'> & { [field: string]: unknown };

export type ChatItem =
  /** A prompt; `trigger` (read back from the run) says who sent it and how. */
  | { kind: 'user'; key: string; text: string; trigger?: RunTrigger }
  | { kind: 'text'; key: string; text: string; streaming: boolean }
  | {
      kind: 'tool';
      key: string;
      id: string;
      name: string;
      input: unknown;
      result?: string;
      isError?: boolean;
      /** Seconds the call has been running, from its `tool_progress` events. */
      elapsedSeconds?: number;
    }
  | PermissionItem
  | GenericEventItem
  | { kind: 'error'; key: string; message: string }
  | {
      kind: 'result';
      key: string;
      /** The run whose turn this ends: where "Fork from here" forks. */
      runId: string;
      subtype: string;
      /** How the turn ended, in words (never "Done" for a failure). */
      outcome: RunOutcome;
      costUsd: number | null;
      tokens: number;
    };

/** How a permission request ended: the `permission_resolved` event's decision, who made it, and what the model was told. */
export type PermissionResolution = Pick<UnifiedEventOf<'permission_resolved'>, 'decision' | 'by' | 'message'>;

/**
 * A tool call the harness asked about (`permission_request`), or one the policy refused
 * without asking (only a `permission_resolved`, so no `input`).
 */
export interface PermissionItem {
  kind: 'permission';
  key: string;
  runId: string;
  requestId: string;
  tool: string;
  input?: unknown;
  /** Why the harness asks, when it says. */
  reason?: string;
  /** When an unanswered request turns into a denial (ISO 8601). */
  expiresAt?: string;
  resolution?: PermissionResolution;
  /** The run ended while the request was still open (its `result` closes it). */
  closed?: boolean;
}

/** An event the chat has no view of its own for (`system`, or a type newer than this app): shown as it came. */
export interface GenericEventItem {
  kind: 'event';
  key: string;
  /** The event's `type`, and its `subtype` when it has one (`system` · `init`). */
  label: string;
  /** The whole event, shown folded. */
  event: RunEvent;
}

interface Block {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}

function blocks(event: RunEvent): Block[] {
  const message = event.message as { content?: unknown } | undefined;
  const content = message?.content;
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Block[]) : [];
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'string' ? part : ((part as Block).text ?? JSON.stringify(part))))
      .join('\n');
  }
  return JSON.stringify(content ?? '');
}

/**
 * The transcript of a session's runs, oldest first — each run's prompt, then its events —
 * stopping before `untilRunId` (the run the chat follows live) when given.
 */
export function conversationItems(runs: Session['runs'], untilRunId?: string): ChatItem[] {
  let items: ChatItem[] = [];
  for (const run of runs) {
    if (run.id === untilRunId) break;
    if (run.prompt)
      items.push({ kind: 'user', key: `${run.id}:prompt`, text: run.prompt, trigger: run.trigger });
    for (const event of run.events) items = applyEvent(items, event, run.id);
  }
  return items;
}

/** Returns a new list with `event` applied. */
export function applyEvent(items: ChatItem[], event: RunEvent, runKey: string): ChatItem[] {
  const next = [...items];
  const key = `${runKey}:${event.seq}`;
  const last = next[next.length - 1];
  switch (event.type) {
    case 'stream_event': {
      const inner = event.event as { type?: string; delta?: { type?: string; text?: string } } | undefined;
      if (inner?.type === 'content_block_delta' && inner.delta?.type === 'text_delta' && inner.delta.text) {
        if (last?.kind === 'text' && last.streaming) {
          next[next.length - 1] = { ...last, text: last.text + inner.delta.text };
        } else {
          next.push({ kind: 'text', key, text: inner.delta.text, streaming: true });
        }
      }
      return next;
    }
    case 'assistant': {
      const texts = blocks(event)
        .filter((b) => b.type === 'text' && b.text)
        .map((b) => b.text as string);
      const text = texts.join('\n');
      if (last?.kind === 'text' && last.streaming) {
        next[next.length - 1] = { ...last, text: text || last.text, streaming: false };
      } else if (text) {
        next.push({ kind: 'text', key, text, streaming: false });
      }
      for (const block of blocks(event)) {
        if (block.type === 'tool_use') {
          next.push({
            kind: 'tool',
            key: `${key}:${block.id ?? block.name}`,
            id: block.id ?? '',
            name: block.name ?? 'tool',
            input: block.input,
          });
        }
      }
      return next;
    }
    case 'tool_progress': {
      const index = next.findIndex((item) => item.kind === 'tool' && item.id === event.tool_use_id);
      const item = next[index];
      if (item?.kind === 'tool' && typeof event.elapsed_time_seconds === 'number') {
        next[index] = { ...item, elapsedSeconds: event.elapsed_time_seconds };
        return next;
      }
      next.push(genericItem(event, key));
      return next;
    }
    case 'user': {
      for (const block of blocks(event)) {
        if (block.type !== 'tool_result') continue;
        const index = next.findIndex((item) => item.kind === 'tool' && item.id === block.tool_use_id);
        const item = next[index];
        if (item?.kind === 'tool') {
          next[index] = { ...item, result: resultText(block.content), isError: Boolean(block.is_error) };
        }
      }
      return next;
    }
    case 'permission_request': {
      const requestId = String(event.requestId ?? key);
      next.push({
        kind: 'permission',
        key: `${runKey}:${requestId}`,
        runId: String(event.runId ?? runKey),
        requestId,
        tool: String(event.toolName ?? 'tool'),
        input: event.input,
        ...(typeof event.reason === 'string' && { reason: event.reason }),
        ...(typeof event.expiresAt === 'string' && { expiresAt: event.expiresAt }),
      });
      return next;
    }
    case 'permission_resolved': {
      const requestId = String(event.requestId ?? key);
      const resolution: PermissionResolution = {
        decision: event.decision === 'allow' ? 'allow' : 'deny',
        by: event.by === 'policy' || event.by === 'timeout' ? event.by : 'user',
        ...(typeof event.message === 'string' && { message: event.message }),
      };
      const index = next.findIndex((item) => item.kind === 'permission' && item.requestId === requestId);
      const asked = next[index];
      if (asked?.kind === 'permission') {
        next[index] = { ...asked, resolution };
      } else {
        next.push({
          kind: 'permission',
          key: `${runKey}:${requestId}`,
          runId: String(event.runId ?? runKey),
          requestId,
          tool: String(event.toolName ?? 'tool'),
          resolution,
        });
      }
      return next;
    }
    case 'error': {
      const raw = (event.error as { message?: string } | undefined)?.message ?? event.message;
      const message = failureMessage({
        ...(typeof event.errorClass === 'string' && { errorClass: event.errorClass }),
        messages: typeof raw === 'string' ? [raw] : [],
      });
      next.push({ kind: 'error', key, message });
      return next;
    }
    case 'result': {
      // Every bubble still streaming is settled, not only the last item (an error may follow it).
      next.forEach((item, index) => {
        if (item.kind === 'text' && item.streaming) next[index] = { ...item, streaming: false };
      });
      const runId = String(event.runId ?? runKey);
      const outcome = resultOutcome(event);
      // The result says why the run failed: the run's own `error` events said the same thing
      // first, so they give way to it — one error per failure.
      if (outcome.kind !== 'succeeded') dropRunErrors(next, runKey);
      next.forEach((item, index) => {
        if (item.kind === 'permission' && item.runId === runId && !item.resolution && !item.closed) {
          next[index] = { ...item, closed: true };
        }
      });
      next.push({
        kind: 'result',
        key,
        runId,
        subtype: typeof event.subtype === 'string' ? event.subtype : 'success',
        outcome,
        costUsd: typeof event.total_cost_usd === 'number' ? event.total_cost_usd : null,
        tokens: totalTokens(event.usage as Partial<Record<string, number>> | undefined),
      });
      return next;
    }
    // Shown elsewhere: `status` in the status line, `usage` in the result line's token count.
    case 'status':
    case 'usage':
      return next;
    default:
      next.push(genericItem(event, key));
      return next;
  }
}

/** Removes, in place, the `error` items of the run whose items are keyed `runKey:…`. */
function dropRunErrors(items: ChatItem[], runKey: string): void {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]!;
    if (item.kind === 'error' && item.key.startsWith(`${runKey}:`)) items.splice(index, 1);
  }
}

/**
 * The transcript once a run is over, as `GET /runs/:id` tells it: unchanged when its `result`
 * came through the stream; otherwise (cancelled before it started, lost, events not stored) an
 * ending line from the run's status and error, so a turn never ends without one.
 */
export function settleRun(
  items: ChatItem[],
  run: {
    id: string;
    status: string;
    error?: { code: string; message: string } | undefined;
    usage?: Partial<Record<string, number>> | null;
    costUsd?: number | null;
  },
): ChatItem[] {
  const outcome = runOutcome(run);
  if (!outcome || items.some((item) => item.kind === 'result' && item.runId === run.id)) return items;
  const next = items.map((item) =>
    item.kind === 'text' && item.streaming ? { ...item, streaming: false } : item,
  );
  if (outcome.kind !== 'succeeded') dropRunErrors(next, run.id);
  next.push({
    kind: 'result',
    key: `${run.id}:settled`,
    runId: run.id,
    subtype: outcome.kind === 'succeeded' ? 'success' : 'error_during_execution',
    outcome,
    costUsd: run.costUsd ?? null,
    tokens: totalTokens(run.usage),
  });
  return next;
}

function genericItem(event: RunEvent, key: string): GenericEventItem {
  const label = typeof event.subtype === 'string' ? `${event.type} · ${event.subtype}` : event.type;
  return { kind: 'event', key, label, event };
}
