/*
 * The parts of Pi's session events (`AgentSessionEvent` of @earendil-works/pi-coding-agent)
 * that the normalizer reads, as plain JSON shapes. Declared here rather than imported so
 * the service process never loads the Pi SDK, and so a recorded stream (JSON) type-checks.
 */

/** Token counts of one model call, as pi-ai reports them (cached tokens already split out). */
export interface PiUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Pi's price of the call; all zero for a custom model without prices. */
  cost?: { total: number };
}

/** A content block of a Pi message. */
export type PiContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; thinkingSignature?: string; redacted?: boolean }
  | { type: 'toolCall'; id: string; name: string; arguments: Record<string, unknown> }
  | { type: 'image'; data: string; mimeType: string };

/** A Pi transcript message: user, assistant, toolResult (or a role the normalizer ignores). */
export interface PiMessage {
  role: string;
  content?: string | PiContentBlock[];
  model?: string;
  responseId?: string;
  usage?: PiUsage;
  /** `stop`, `length`, `toolUse`, `error`, `aborted`, `pending`, … */
  stopReason?: string;
  errorMessage?: string;
  toolCallId?: string;
  toolName?: string;
  isError?: boolean;
  details?: unknown;
}

/** One streaming step of an assistant message (`text_delta`, `toolcall_start`, …). */
export interface PiAssistantMessageEvent {
  type: string;
  contentIndex?: number;
  delta?: string;
  /** The message so far; on the wire only `*_start` steps keep it, reduced to these fields. */
  partial?: Pick<PiMessage, 'content' | 'responseId'>;
}

/** Any Pi session event; the normalizer narrows on `type`. */
export interface PiEvent {
  type: string;
  [field: string]: unknown;
}

/** `message_start` / `message_end`. */
export interface PiMessageEvent extends PiEvent {
  message: PiMessage;
  /**
   * Added by the runner to `message_end`: the id of the session entry Pi persisted for the
   * message, the native id a fork or a continue points at. Absent in Pi's own events.
   */
  entryId?: string;
}

/** `message_update`. */
export interface PiMessageUpdateEvent extends PiEvent {
  assistantMessageEvent: PiAssistantMessageEvent;
}

/** `tool_execution_start` / `_update` / `_end`. */
export interface PiToolExecutionEvent extends PiEvent {
  toolCallId: string;
  toolName: string;
  partialResult?: { content?: PiContentBlock[] };
}

/** `auto_retry_start`: a failed model call will be tried again. */
export interface PiRetryEvent extends PiEvent {
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  errorMessage: string;
}

/** `compaction_end`. */
export interface PiCompactionEndEvent extends PiEvent {
  reason: 'manual' | 'threshold' | 'overflow';
  aborted: boolean;
  result?: { tokensBefore: number; estimatedTokensAfter?: number; usage?: PiUsage };
}

const forwardedTypes: ReadonlySet<string> = new Set([
  'message_start',
  'message_update',
  'message_end',
  'tool_execution_start',
  'tool_execution_update',
  'tool_execution_end',
  'auto_retry_start',
  'compaction_start',
  'compaction_end',
]);

const forwardedRoles: ReadonlySet<string> = new Set(['assistant', 'toolResult']);

/**
 * The event as the runner sends it to the parent, or undefined when the normalizer would
 * ignore it. Pi's events are live objects holding the whole message so far (`partial`,
 * `agent_end.messages`); sending them as they are would copy the growing message on every
 * delta. Only `*_start` steps keep `partial` (to name the block that starts), and
 * `tool_execution_end` drops its result (the `toolResult` message carries it).
 * Must be called synchronously in the listener: Pi mutates these objects afterwards.
 */
export function toWireEvent(event: PiEvent): PiEvent | undefined {
  if (!forwardedTypes.has(event.type)) return undefined;
  switch (event.type) {
    case 'message_start':
    case 'message_end': {
      const { message } = event as PiMessageEvent;
      if (!forwardedRoles.has(message.role)) return undefined;
      return JSON.parse(JSON.stringify(event)) as PiEvent;
    }
    case 'message_update': {
      const step = (event as PiMessageUpdateEvent).assistantMessageEvent;
      const keepPartial = step.type.endsWith('_start');
      const { partial, ...rest } = step;
      const slim =
        keepPartial && partial
          ? { ...rest, partial: { content: partial.content, responseId: partial.responseId } }
          : rest;
      return JSON.parse(JSON.stringify({ type: event.type, assistantMessageEvent: slim })) as PiEvent;
    }
    case 'tool_execution_end': {
      const { result: _result, ...rest } = event;
      return JSON.parse(JSON.stringify(rest)) as PiEvent;
    }
    default:
      return JSON.parse(JSON.stringify(event)) as PiEvent;
  }
}
