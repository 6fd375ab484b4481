import type { HarnessEvent, RawStreamEvent } from '@lifeosai/events';
import type { PiAssistantMessageEvent, PiMessage } from '../shared/pi-events.ts';

type ContentBlockDelta = Extract<RawStreamEvent, { type: 'content_block_delta' }>['delta'];
type StartingBlock = Extract<RawStreamEvent, { type: 'content_block_start' }>['content_block'];

const parentToolUseId = null;

/**
 * One assistant message being streamed, as Anthropic raw stream events. Pi announces the
 * message (`message_start`) before the provider answered, also for calls that fail at
 * once; so the raw `message_start` waits for the first content block, and a message that
 * never streamed anything produces no stream events at all.
 */
export class AssistantStream {
  /** Provider message id, or a made-up one once streaming began without it. */
  id: string | undefined;
  readonly model: string;
  #started = false;
  readonly #newMessageId: () => string;

  constructor(message: PiMessage, model: string, newMessageId: () => string) {
    this.id = message.responseId;
    this.model = model;
    this.#newMessageId = newMessageId;
  }

  /** The stream events of one Pi step (`text_delta`, `toolcall_start`, …). */
  step(step: PiAssistantMessageEvent): HarnessEvent[] {
    const index = step.contentIndex ?? 0;
    const out: HarnessEvent[] = [];
    switch (step.type) {
      case 'text_start':
      case 'thinking_start':
      case 'toolcall_start':
        this.#ensureStarted(step, out);
        out.push(stream({ type: 'content_block_start', index, content_block: startingBlock(step, index) }));
        break;
      case 'text_delta':
        this.#ensureStarted(step, out);
        out.push(delta(index, { type: 'text_delta', text: step.delta ?? '' }));
        break;
      case 'thinking_delta':
        this.#ensureStarted(step, out);
        out.push(delta(index, { type: 'thinking_delta', thinking: step.delta ?? '' }));
        break;
      case 'toolcall_delta':
        this.#ensureStarted(step, out);
        out.push(delta(index, { type: 'input_json_delta', partial_json: step.delta ?? '' }));
        break;
      case 'text_end':
      case 'thinking_end':
      case 'toolcall_end':
        if (this.#started) out.push(stream({ type: 'content_block_stop', index }));
        break;
    }
    return out;
  }

  /** `message_delta` and `message_stop`, when the message streamed at all. */
  end(stopReason: string | null, outputTokens: number): HarnessEvent[] {
    if (!this.#started) return [];
    return [
      stream({
        type: 'message_delta',
        delta: { stop_reason: stopReason },
        usage: { output_tokens: outputTokens },
      }),
      stream({ type: 'message_stop' }),
    ];
  }

  #ensureStarted(step: PiAssistantMessageEvent, out: HarnessEvent[]): void {
    if (this.#started) return;
    this.#started = true;
    this.id ??= step.partial?.responseId ?? this.#newMessageId();
    out.push(stream({ type: 'message_start', message: { id: this.id, model: this.model } }));
  }
}

function stream(event: RawStreamEvent): HarnessEvent {
  return { type: 'stream_event', event, parent_tool_use_id: parentToolUseId };
}

function delta(index: number, content: ContentBlockDelta): HarnessEvent {
  return stream({ type: 'content_block_delta', index, delta: content });
}

/** The empty block a `content_block_start` announces; a tool call's id and name come from Pi's partial. */
function startingBlock(step: PiAssistantMessageEvent, index: number): StartingBlock {
  if (step.type === 'text_start') return { type: 'text', text: '' };
  if (step.type === 'thinking_start') return { type: 'thinking', thinking: '' };
  const content = step.partial?.content;
  const block = Array.isArray(content) ? content[index] : undefined;
  const id = block?.type === 'toolCall' && block.id ? block.id : `toolu_pi_${index}`;
  const name = block?.type === 'toolCall' && block.name ? block.name : 'tool';
  return { type: 'tool_use', id, name, input: {} };
}
