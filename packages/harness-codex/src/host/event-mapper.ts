import type { AssistantContentBlock, HarnessEvent, Usage, UserEvent } from '@lifeosai/events';
import type { ThreadEvent, ThreadItem, TodoListItem } from '@openai/codex-sdk';
import { toolNames } from './tool-names.ts';

/** What the mapper knows about a run once its events are in. */
export interface CodexRunSummary {
  /** Token usage of each finished turn, in the platform's terms. */
  readonly usage: ReadonlyArray<Usage>;
  /** Text of the last agent message. */
  readonly resultText?: string;
  /** How the turn ended: Codex's `turn.failed` message, or completed; undefined while running. */
  readonly turn?: { readonly ok: true } | { readonly ok: false; readonly message: string };
  /** Model round-trips Codex reported finishing (one per completed turn). */
  readonly numTurns: number;
  /** Times Codex said it is reconnecting to the provider, and the last such message. */
  readonly reconnects: number;
  readonly lastReconnect?: string;
}

/**
 * Turns `codex exec --experimental-json` events into unified event bodies. Pure: no clock,
 * no I/O; the host adds the `system`/`init` and the terminal events.
 *
 * - `agent_message` → assistant text; `reasoning` → a thinking block.
 * - `command_execution` (`Bash`), `file_change` (`apply_patch`), `mcp_tool_call`
 *   (`mcp__<server>__<tool>`), `web_search` → a `tool_use` when it starts and its `tool_result`
 *   when it completes.
 * - `todo_list` → Codex's plan as an `update_plan` tool call with its result, each time it
 *   changes, so a chat shows the plan the way it shows Claude's to-do list.
 * - `error` items → `error` events (non-fatal); Codex's notices before the turn starts
 *   (configuration warnings) → `status: starting`.
 * - The stream's `error` while reconnecting → `status: retrying`; `turn.completed` → `usage`.
 * Codex streams no text deltas, so there are no `stream_event`s.
 */
export class CodexEventMapper {
  readonly #runId: string;
  readonly #model: string;
  readonly #started = new Set<string>();
  readonly #usage: Usage[] = [];
  #turnStarted = false;
  #resultText: string | undefined;
  #turn: CodexRunSummary['turn'];
  #numTurns = 0;
  #reconnects = 0;
  #lastReconnect: string | undefined;
  #planVersion = 0;

  constructor(options: { readonly runId: string; readonly model: string }) {
    this.#runId = options.runId;
    this.#model = options.model;
  }

  /** The unified bodies for one Codex event (often none). */
  push(event: ThreadEvent): HarnessEvent[] {
    switch (event.type) {
      case 'thread.started':
        return [];
      case 'turn.started':
        this.#turnStarted = true;
        return [{ type: 'status', status: 'requesting' }];
      case 'item.started':
        return this.#itemStarted(event.item);
      case 'item.updated':
        return this.#itemUpdated(event.item);
      case 'item.completed':
        return this.#itemCompleted(event.item);
      case 'turn.completed': {
        const usage = toUsage(event.usage);
        this.#usage.push(usage);
        this.#numTurns += 1;
        this.#turn = { ok: true };
        return [{ type: 'usage', model: this.#model, usage }];
      }
      case 'turn.failed':
        this.#turn = { ok: false, message: event.error.message };
        return [];
      case 'error':
        if (/^Reconnecting\b/.test(event.message)) {
          this.#reconnects += 1;
          this.#lastReconnect = event.message;
          return [{ type: 'status', status: 'retrying', message: event.message }];
        }
        // The stream's own fatal error: `turn.failed` follows with the same message and ends the run.
        return [];
    }
  }

  /** What the run's result needs. */
  summary(): CodexRunSummary {
    return {
      usage: [...this.#usage],
      numTurns: this.#numTurns,
      reconnects: this.#reconnects,
      ...(this.#resultText === undefined ? {} : { resultText: this.#resultText }),
      ...(this.#turn === undefined ? {} : { turn: this.#turn }),
      ...(this.#lastReconnect === undefined ? {} : { lastReconnect: this.#lastReconnect }),
    };
  }

  #itemStarted(item: ThreadItem): HarnessEvent[] {
    if (item.type === 'todo_list') return this.#plan(item);
    const use = toolUse(item);
    if (use === undefined) return [];
    this.#started.add(item.id);
    return [this.#assistant(item.id, [use])];
  }

  #itemUpdated(item: ThreadItem): HarnessEvent[] {
    return item.type === 'todo_list' ? this.#plan(item) : [];
  }

  #itemCompleted(item: ThreadItem): HarnessEvent[] {
    switch (item.type) {
      case 'agent_message':
        this.#resultText = item.text;
        return [this.#assistant(item.id, [{ type: 'text', text: item.text }])];
      case 'reasoning':
        return item.text === ''
          ? []
          : [this.#assistant(item.id, [{ type: 'thinking', thinking: item.text }])];
      case 'todo_list':
        return this.#plan(item);
      case 'error':
        return this.#turnStarted
          ? [{ type: 'error', errorClass: 'unknown', message: item.message, retryable: false }]
          : [{ type: 'status', status: 'starting', message: item.message }];
      default: {
        const use = toolUse(item);
        if (use === undefined) return [];
        const events: HarnessEvent[] = this.#started.delete(item.id) ? [] : [this.#assistant(item.id, [use])];
        events.push(toolResult(item));
        return events;
      }
    }
  }

  /** Each version of the plan as a tool call and its result, so the pair stays whole. */
  #plan(item: TodoListItem): HarnessEvent[] {
    const id = `${item.id}.${++this.#planVersion}`;
    const plan = item.items.map((todo) => ({
      step: todo.text,
      status: todo.completed ? 'completed' : 'pending',
    }));
    return [
      this.#assistant(id, [{ type: 'tool_use', id, name: toolNames.plan, input: { plan } }]),
      userToolResult(id, 'Plan updated.', false),
    ];
  }

  #assistant(itemId: string, content: AssistantContentBlock[]): HarnessEvent {
    return {
      type: 'assistant',
      // Codex numbers items per process (`item_3`): the run id makes them unique across runs.
      message: {
        id: `${this.#runId}:${itemId}`,
        role: 'assistant',
        model: this.#model,
        content,
        stop_reason: null,
      },
      parent_tool_use_id: null,
    };
  }
}

/** Codex's usage in the platform's terms: OpenAI counts cached tokens inside `input_tokens`. */
export function toUsage(usage: {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens?: number;
  output_tokens: number;
}): Usage {
  const cacheRead = usage.cached_input_tokens;
  const cacheWrite = usage.cache_write_input_tokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.input_tokens - cacheRead - cacheWrite),
    output_tokens: usage.output_tokens,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheWrite,
  };
}

function toolUse(item: ThreadItem): AssistantContentBlock | undefined {
  switch (item.type) {
    case 'command_execution':
      return { type: 'tool_use', id: item.id, name: toolNames.shell, input: { command: item.command } };
    case 'file_change':
      return { type: 'tool_use', id: item.id, name: toolNames.patch, input: { changes: item.changes } };
    case 'mcp_tool_call':
      return {
        type: 'tool_use',
        id: item.id,
        name: toolNames.mcp(item.server, item.tool),
        input: isRecord(item.arguments) ? item.arguments : {},
      };
    case 'web_search':
      return { type: 'tool_use', id: item.id, name: toolNames.webSearch, input: { query: item.query } };
    default:
      return undefined;
  }
}

function toolResult(item: ThreadItem): UserEvent {
  switch (item.type) {
    case 'command_execution':
      return userToolResult(
        item.id,
        item.aggregated_output,
        item.status === 'failed' || (item.exit_code !== undefined && item.exit_code !== 0),
      );
    case 'file_change':
      return userToolResult(
        item.id,
        item.changes.map((change) => `${change.kind} ${change.path}`).join('\n'),
        item.status === 'failed',
      );
    case 'mcp_tool_call': {
      // Codex sends `error: null` on success.
      if (item.error?.message || item.status === 'failed') {
        return userToolResult(item.id, item.error?.message ?? 'The MCP tool call failed.', true);
      }
      const text = (item.result?.content ?? [])
        .map((block) => (block.type === 'text' ? block.text : ''))
        .join('');
      return userToolResult(item.id, text, mcpIsError(item.result));
    }
    default:
      return userToolResult(item.id, '', false);
  }
}

/** The MCP result's own `isError`, which the SDK's type leaves out but Codex passes on. */
function mcpIsError(result: unknown): boolean {
  return isRecord(result) && (result.isError === true || result.is_error === true);
}

function userToolResult(toolUseId: string, text: string, isError: boolean): UserEvent {
  return {
    type: 'user',
    message: {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: toolUseId, content: text, is_error: isError }],
    },
    parent_tool_use_id: null,
    isSynthetic: true,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
