import type { SessionUpdate, ToolCallContent, ToolCallUpdate } from '@agentclientprotocol/sdk/unstable';
import type { HarnessEvent, ToolResultBlock } from '@lifeosai/events';
import { MessageStream, nativeIds } from './message-stream.ts';

/** What the mapper knows of one tool call. */
interface ToolState {
  name: string;
  input: Record<string, unknown>;
  /** Whether its `tool_use` went out. */
  announced: boolean;
  /** Whether its `tool_result` went out. */
  finished: boolean;
}

/** What the mapper saw of the turn, for the `result`. */
export interface TurnSummary {
  /** Assistant messages (text or tool calls) the agent produced: the turn's model round-trips, near enough. */
  readonly numTurns: number;
  /** Visible text of the last message that had any. */
  readonly resultText?: string;
}

/**
 * Turns one ACP session's `session/update` notifications into unified events, in arrival
 * order (the caller serialises them). Message and thought chunks stream as raw stream events
 * and end as one `assistant` message; a tool call becomes a `tool_use` once its input is
 * known (its first content, a status past `pending`, a permission request, or whatever comes
 * next) and a `tool_result` when it completes or fails; a plan is an assistant message with
 * an opaque `plan` block. Every other update kind (commands, modes, usage, session info, kinds
 * newer than this SDK) has no unified event and yields nothing: it never fails a run.
 */
export class AcpUpdateMapper {
  readonly #model: string;
  readonly #sessionId: string;
  readonly #tools = new Map<string, ToolState>();
  readonly #toolName: (toolCallId: string) => string | undefined;
  #message: MessageStream | undefined;
  #messages = 0;
  #numTurns = 0;
  #resultText: string | undefined;

  constructor(options: {
    sessionId: string;
    model: string;
    /** The preset's reading of a tool call's name (`AcpPreset.toolName`). */
    toolName?: (toolCallId: string) => string | undefined;
  }) {
    this.#toolName = options.toolName ?? (() => undefined);
    this.#sessionId = options.sessionId;
    this.#model = options.model;
  }

  /** The events of one update. Contract: never throws, whatever the agent sent. */
  push(update: SessionUpdate): HarnessEvent[] {
    switch (update.sessionUpdate) {
      case 'agent_message_chunk':
      case 'agent_thought_chunk': {
        const kind = update.sessionUpdate === 'agent_message_chunk' ? 'text' : 'thinking';
        if (update.content?.type !== 'text' || typeof update.content.text !== 'string') return [];
        return this.#chunk(kind, update.content.text, update.messageId ?? undefined);
      }
      case 'tool_call':
      case 'tool_call_update':
        return this.#tool(update);
      case 'plan':
        return [
          ...this.#settle(),
          this.#assistant(`msg_acp_plan_${++this.#messages}`, [
            {
              type: 'opaque',
              block: { type: 'plan', entries: Array.isArray(update.entries) ? update.entries : [] },
            },
          ]),
        ];
      default:
        return [];
    }
  }

  /**
   * The agent asks before a tool: its `tool_use` goes out now (before the
   * `permission_request`), and the name and input to judge come back.
   */
  permissionAsked(toolCall: ToolCallUpdate): {
    events: HarnessEvent[];
    name: string;
    input: Record<string, unknown>;
  } {
    const events = this.#tool({ ...toolCall, status: toolCall.status ?? null });
    const state = this.#tools.get(toolCall.toolCallId)!;
    if (!state.announced) events.push(...this.#announce(toolCall.toolCallId, state));
    return { events, name: state.name, input: state.input };
  }

  /**
   * The tool call was refused (by the policy, a person or the ask timeout): it ends here as
   * a failed `tool_result` saying why, since not every agent reports a call it never ran
   * (Gemini CLI does not); a later update of it is ignored.
   */
  refused(toolCallId: string, message: string): HarnessEvent[] {
    const state = this.#tools.get(toolCallId);
    if (state === undefined || state.finished) return [];
    state.finished = true;
    return [
      toolResultEvent(
        {
          toolCallId,
          status: 'failed',
          content: [{ type: 'content', content: { type: 'text', text: message } }],
        },
        this.#sessionId,
      ),
    ];
  }

  /** The turn is over: the open message ends and tool calls still unannounced go out. */
  finish(): HarnessEvent[] {
    return this.#settle();
  }

  /** Tool calls started and not yet finished: while any runs, silence is tool work, not a stall. */
  runningTools(): number {
    let running = 0;
    for (const state of this.#tools.values()) if (!state.finished) running += 1;
    return running;
  }

  /** Counts for the `result`. */
  summary(): TurnSummary {
    return {
      numTurns: this.#numTurns,
      ...(this.#resultText === undefined ? {} : { resultText: this.#resultText }),
    };
  }

  #chunk(kind: 'text' | 'thinking', text: string, nativeId: string | undefined): HarnessEvent[] {
    const out: HarnessEvent[] = [];
    if (this.#message !== undefined && nativeId !== undefined && this.#message.nativeId !== nativeId) {
      out.push(...this.#endMessage());
    }
    out.push(...this.#announcePending());
    if (this.#message === undefined) {
      this.#message = new MessageStream(nativeId ?? `msg_acp_${++this.#messages}`, nativeId, this.#model);
      out.push(...this.#message.start());
    }
    out.push(...this.#message.append(kind, text));
    return out;
  }

  #tool(update: ToolCallUpdate): HarnessEvent[] {
    if (typeof update.toolCallId !== 'string') return [];
    const out = this.#endMessage();
    const known = this.#tools.get(update.toolCallId);
    const state: ToolState = known ?? {
      name: update.name ?? this.#toolName(update.toolCallId) ?? update.title ?? 'tool',
      input: {},
      announced: false,
      finished: false,
    };
    if (known === undefined) this.#tools.set(update.toolCallId, state);
    if (!state.announced) {
      // The name and input may still be filled in until the call is announced.
      if (update.name) state.name = update.name;
      else if (known === undefined && update.title && this.#toolName(update.toolCallId) === undefined)
        state.name = update.title;
      if (isRecord(update.rawInput) && Object.keys(update.rawInput).length > 0) state.input = update.rawInput;
    }
    const terminal = update.status === 'completed' || update.status === 'failed';
    const ready = terminal || update.status === 'in_progress' || (update.content?.length ?? 0) > 0;
    if (ready && !state.announced) out.push(...this.#announce(update.toolCallId, state));
    if (terminal && !state.finished) {
      state.finished = true;
      out.push(toolResultEvent(update, this.#sessionId));
    }
    return out;
  }

  #announce(toolCallId: string, state: ToolState): HarnessEvent[] {
    state.announced = true;
    return [
      this.#assistant(`msg_acp_tool_${toolCallId}`, [
        { type: 'tool_use', id: toolCallId, name: state.name, input: state.input },
      ]),
    ];
  }

  #announcePending(): HarnessEvent[] {
    return [...this.#tools].flatMap(([id, state]) => (state.announced ? [] : this.#announce(id, state)));
  }

  #settle(): HarnessEvent[] {
    return [...this.#endMessage(), ...this.#announcePending()];
  }

  #endMessage(): HarnessEvent[] {
    const message = this.#message;
    if (message === undefined) return [];
    this.#message = undefined;
    this.#numTurns += 1;
    const text = message.text();
    if (text !== '') this.#resultText = text;
    return message.end(this.#sessionId);
  }

  #assistant(
    id: string,
    content: Extract<HarnessEvent, { type: 'assistant' }>['message']['content'],
  ): HarnessEvent {
    this.#numTurns += 1;
    return {
      type: 'assistant',
      message: { id, role: 'assistant', model: this.#model, content, stop_reason: null },
      parent_tool_use_id: null,
      ...nativeIds(this.#sessionId),
    };
  }
}

/** The `user` event carrying a finished tool call's result. */
function toolResultEvent(update: ToolCallUpdate, sessionId: string): HarnessEvent {
  const block: ToolResultBlock = {
    type: 'tool_result',
    tool_use_id: update.toolCallId,
    content: resultText(update),
    is_error: update.status === 'failed',
  };
  return {
    type: 'user',
    message: { role: 'user', content: [block] },
    parent_tool_use_id: null,
    ...(update.rawOutput === undefined ? {} : { tool_use_result: update.rawOutput }),
    isSynthetic: true,
    ...nativeIds(sessionId),
  };
}

/**
 * What the tool returned, as text: its raw output when that is text (or MCP text parts),
 * else the text of the content the agent shows for it (which may be decorated for display).
 */
function resultText(update: ToolCallUpdate): string {
  const raw = textOfRaw(update.rawOutput);
  if (raw !== undefined) return raw;
  return (update.content ?? []).map(textOfContent).join('\n');
}

function textOfRaw(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  const parts = Array.isArray(raw)
    ? raw
    : isRecord(raw) && Array.isArray(raw.content)
      ? raw.content
      : undefined;
  if (parts === undefined) return undefined;
  const texts = parts.filter(
    (part): part is { type: 'text'; text: string } =>
      isRecord(part) && part.type === 'text' && typeof part.text === 'string',
  );
  return texts.length === parts.length && texts.length > 0
    ? texts.map((part) => part.text).join('')
    : undefined;
}

function textOfContent(content: ToolCallContent): string {
  if (content.type === 'content') return content.content.type === 'text' ? content.content.text : '';
  if (content.type === 'diff') return `${content.path}\n${content.newText}`;
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
