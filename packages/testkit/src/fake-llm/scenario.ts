/**
 * Scenarios: what the fake answers to one model request. They are API-neutral data; the
 * server renders each one in the dialect of the request (Anthropic Messages or OpenAI chat
 * completions), so one script drives both harnesses.
 */

/** HTTP statuses an `error` scenario can answer with (529 becomes 503 on the OpenAI API). */
export type ErrorStatus = 400 | 401 | 429 | 500 | 529;

/** Why the reply stopped, in Anthropic terms (mapped to `finish_reason` for OpenAI). */
export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';

/** One tool call the model makes. */
export interface ToolCallSpec {
  /** Tool name as the client declared it. */
  name: string;
  /** Arguments; streamed as JSON fragments (`input_json_delta` / `function.arguments`). */
  input: Record<string, unknown>;
  /** Call id; defaults to a generated `toolu_fake_…` / `call_fake_…`. */
  id?: string;
}

/** A piece of the assistant's reply, in the order it is streamed. */
export type ReplyBlock =
  | { type: 'thinking'; thinking: string }
  | { type: 'text'; text: string }
  | ({ type: 'tool_use' } & ToolCallSpec);

/** Token counts that replace the fake's deterministic estimates. */
export interface UsageOverrides {
  inputTokens?: number;
  outputTokens?: number;
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
}

/**
 * How a reply ends. Anything but `complete` leaves the last block open, the way a real
 * failure does.
 */
export type ReplyEnding =
  | { kind: 'complete' }
  /** Goes silent without closing; after `ms` it finishes normally, without `ms` it waits for the client to leave. */
  | { kind: 'stall'; ms?: number }
  /** Sends one data line that is not valid JSON, then ends the response. */
  | { kind: 'malformed' }
  /** Stops without `message_stop`/`[DONE]`: drops the connection, or with `endResponse` ends the HTTP response cleanly. */
  | { kind: 'truncated'; endResponse: boolean }
  /** Sends an in-stream error event (Anthropic `event: error`, OpenAI `data: {"error":…}`). */
  | { kind: 'error'; status: ErrorStatus; message: string };

/** A 200 reply: content blocks streamed (or returned as JSON) and an ending. */
export interface ReplyScenario {
  kind: 'reply';
  /** Blocks in stream order. */
  blocks: ReplyBlock[];
  /** Defaults to `tool_use` when a block is a tool call, else `end_turn`. */
  stopReason?: StopReason;
  /** Split each text/thinking block into this many deltas; default one delta per word. */
  chunks?: number;
  /** Pause before each delta, in milliseconds. */
  delayMs: number;
  /** Replaces the estimated token counts. */
  usage?: UsageOverrides;
  /** How the stream ends. */
  ending: ReplyEnding;
}

/** An HTTP error answer in the API's own error shape. */
export interface ErrorScenario {
  kind: 'error';
  status: ErrorStatus;
  message: string;
  /** Sent as `retry-after` (seconds) on 429. */
  retryAfterSeconds: number;
}

/** One scripted answer to one model request. */
export type Scenario = ReplyScenario | ErrorScenario;

/** Options shared by the reply builders. */
export interface ReplyOptions {
  /** Split each text/thinking block into this many deltas; default one delta per word. */
  chunks?: number;
  /** Pause before each delta, in milliseconds. */
  delayMs?: number;
  /** Replaces the estimated token counts. */
  usage?: UsageOverrides;
  /** Overrides the stop reason, e.g. `max_tokens`. */
  stopReason?: StopReason;
}

/** Everything a reply can contain, in stream order: thinking, text, tool calls. */
export interface ReplyContent extends ReplyOptions {
  thinking?: string;
  text?: string;
  toolCalls?: ToolCallSpec[];
}

const DEFAULT_ERROR_MESSAGES: Record<ErrorStatus, string> = {
  400: 'Invalid request (scripted by the fake LLM).',
  401: 'invalid x-api-key (scripted by the fake LLM).',
  429: 'Rate limited (scripted by the fake LLM).',
  500: 'Internal server error (scripted by the fake LLM).',
  529: 'Overloaded (scripted by the fake LLM).',
};

/** The general builder; `text`, `toolCall` and the failure builders are shorthands for it. */
export function reply(content: ReplyContent, ending: ReplyEnding = { kind: 'complete' }): ReplyScenario {
  const blocks: ReplyBlock[] = [];
  if (content.thinking !== undefined) blocks.push({ type: 'thinking', thinking: content.thinking });
  if (content.text !== undefined) blocks.push({ type: 'text', text: content.text });
  for (const call of content.toolCalls ?? []) blocks.push({ type: 'tool_use', ...call });
  return {
    kind: 'reply',
    blocks,
    stopReason: content.stopReason,
    chunks: content.chunks,
    delayMs: content.delayMs ?? 0,
    usage: content.usage,
    ending,
  };
}

/** A plain text answer. */
export function text(content: string, options: ReplyOptions = {}): ReplyScenario {
  return reply({ ...options, text: content });
}

/** One tool call, optionally preceded by text. Stops with `tool_use` / `tool_calls`. */
export function toolCall(call: ToolCallSpec & { text?: string }, options: ReplyOptions = {}): ReplyScenario {
  const { text: before, ...spec } = call;
  return reply({ ...options, text: before, toolCalls: [spec] });
}

/** A text answer streamed with a pause before every delta. */
export function slow(options: { text: string; chunkDelayMs: number; chunks?: number }): ReplyScenario {
  return reply({ text: options.text, delayMs: options.chunkDelayMs, chunks: options.chunks });
}

/**
 * An HTTP error in the API's shape. 429 carries `retry-after` (default 1 s). With
 * `midStream`, the request gets a 200 stream that breaks with an error event instead
 * (what a real overload during generation looks like).
 */
export function error(
  status: ErrorStatus,
  message: string = DEFAULT_ERROR_MESSAGES[status],
  options: { retryAfterSeconds?: number; midStream?: boolean } = {},
): Scenario {
  if (options.midStream) return reply({}, { kind: 'error', status, message });
  return { kind: 'error', status, message, retryAfterSeconds: options.retryAfterSeconds ?? 1 };
}

/** Streams `afterText`, then goes silent without closing: for `ms`, or until the client leaves. */
export function stall(options: { afterText?: string; ms?: number } = {}): ReplyScenario {
  return reply(contentOf(options.afterText), { kind: 'stall', ms: options.ms });
}

/** Streams `afterText`, then one data line that is not JSON, then ends the response. */
export function malformed(options: { afterText?: string } = {}): ReplyScenario {
  return reply(contentOf(options.afterText ?? 'partial'), { kind: 'malformed' });
}

/**
 * Streams `afterText`, then stops without `message_stop` / `[DONE]`. By default the
 * connection is dropped; `endResponse: true` ends the HTTP response cleanly instead.
 */
export function truncated(options: { afterText?: string; endResponse?: boolean } = {}): ReplyScenario {
  return reply(contentOf(options.afterText ?? 'partial'), {
    kind: 'truncated',
    endResponse: options.endResponse ?? false,
  });
}

function contentOf(afterText: string | undefined): ReplyContent {
  return afterText ? { text: afterText } : {};
}
