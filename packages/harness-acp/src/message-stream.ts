import type { AssistantContentBlock, HarnessEvent, RawStreamEvent } from '@lifeosai/events';

type DeltaKind = 'text' | 'thinking';

/**
 * One assistant message an ACP agent streams as `agent_message_chunk`s and
 * `agent_thought_chunk`s, rebuilt as Anthropic raw stream events (`message_start`, a block
 * per run of text or thought, `message_stop`) and, once it is over, one complete
 * `assistant` event with the same id.
 */
export class MessageStream {
  /** The message id the stream events and the `assistant` event share. */
  readonly id: string;
  /** The agent's own message id (`messageId` of its chunks), when it sends one. */
  readonly nativeId: string | undefined;
  readonly #model: string;
  readonly #blocks: Array<{ kind: DeltaKind; text: string }> = [];

  constructor(id: string, nativeId: string | undefined, model: string) {
    this.id = id;
    this.nativeId = nativeId;
    this.#model = model;
  }

  /** `message_start` of the stream; call once, first. */
  start(): HarnessEvent[] {
    return [stream({ type: 'message_start', message: { id: this.id, model: this.#model } })];
  }

  /** One chunk: a new block when the kind changes, then its delta. */
  append(kind: DeltaKind, text: string): HarnessEvent[] {
    const out: HarnessEvent[] = [];
    let index = this.#blocks.length - 1;
    if (this.#blocks[index]?.kind !== kind) {
      if (index >= 0) out.push(stream({ type: 'content_block_stop', index }));
      this.#blocks.push({ kind, text: '' });
      index += 1;
      const block: AssistantContentBlock =
        kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '' };
      out.push(stream({ type: 'content_block_start', index, content_block: block }));
    }
    this.#blocks[index]!.text += text;
    out.push(
      stream({
        type: 'content_block_delta',
        index,
        delta: kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text },
      }),
    );
    return out;
  }

  /** The visible text so far. */
  text(): string {
    return this.#blocks.map((block) => (block.kind === 'text' ? block.text : '')).join('');
  }

  /** Ends the stream and yields the complete `assistant` event. */
  end(sessionId: string | undefined): HarnessEvent[] {
    const last = this.#blocks.length - 1;
    const content: AssistantContentBlock[] = this.#blocks.map((block) =>
      block.kind === 'text' ? { type: 'text', text: block.text } : { type: 'thinking', thinking: block.text },
    );
    return [
      ...(last >= 0 ? [stream({ type: 'content_block_stop', index: last })] : []),
      stream({ type: 'message_stop' }),
      {
        type: 'assistant',
        message: { id: this.id, role: 'assistant', model: this.#model, content, stop_reason: null },
        parent_tool_use_id: null,
        ...nativeIds(sessionId, this.nativeId),
      },
    ];
  }
}

function stream(event: RawStreamEvent): HarnessEvent {
  return { type: 'stream_event', event, parent_tool_use_id: null };
}

/** The `native` field of an event: the ACP session, and the agent's message id when known. */
export function nativeIds(
  sessionId: string | undefined,
  messageId?: string,
): { native?: { sessionId?: string; messageId?: string } } {
  if (sessionId === undefined && messageId === undefined) return {};
  return {
    native: {
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(messageId === undefined ? {} : { messageId }),
    },
  };
}
