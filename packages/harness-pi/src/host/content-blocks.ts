import type { AssistantContentBlock, ToolResultBlock, Usage } from '@lifeosai/events';
import type { PiContentBlock, PiMessage, PiUsage } from '../shared/pi-events.ts';

/** Pi's stop reasons in Anthropic terms; failures have none (null). */
const stopReasons: Readonly<Record<string, string | null>> = {
  stop: 'end_turn',
  toolUse: 'tool_use',
  length: 'max_tokens',
  deferred: 'pause_turn',
  error: null,
  aborted: null,
  pending: null,
};

/** Pi `stopReason` → Anthropic `stop_reason`; an unknown reason passes through as it is. */
export function mapStopReason(stopReason: string | undefined): string | null {
  if (stopReason === undefined) return null;
  return Object.hasOwn(stopReasons, stopReason) ? stopReasons[stopReason]! : stopReason;
}

/** Pi usage → the unified (Anthropic-shaped) usage; both keep cached tokens apart. */
export function mapUsage(usage: PiUsage | undefined): Usage {
  return {
    input_tokens: usage?.input ?? 0,
    output_tokens: usage?.output ?? 0,
    cache_creation_input_tokens: usage?.cacheWrite ?? 0,
    cache_read_input_tokens: usage?.cacheRead ?? 0,
  };
}

/** One Pi assistant block → its unified block (images never come from the model here). */
export function mapAssistantBlock(block: PiContentBlock): AssistantContentBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'thinking':
      if (block.redacted) return { type: 'redacted_thinking', data: block.thinkingSignature ?? '' };
      return block.thinkingSignature === undefined
        ? { type: 'thinking', thinking: block.thinking }
        : { type: 'thinking', thinking: block.thinking, signature: block.thinkingSignature };
    case 'toolCall':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.arguments ?? {} };
    default:
      return { type: 'opaque', block };
  }
}

/** The blocks of a Pi message's content (a plain string becomes one text block). */
export function contentBlocksOf(message: PiMessage): PiContentBlock[] {
  if (message.content === undefined) return [];
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return message.content;
}

/** A Pi `toolResult` message → the `tool_result` block sent back to the model. */
export function toolResultBlockOf(message: PiMessage): ToolResultBlock {
  const content = contentBlocksOf(message).map((block) => {
    if (block.type === 'text') return { type: 'text' as const, text: block.text };
    if (block.type === 'image') {
      return {
        type: 'image' as const,
        source: { type: 'base64', media_type: block.mimeType, data: block.data },
      };
    }
    return { type: 'opaque' as const, block };
  });
  return {
    type: 'tool_result',
    tool_use_id: message.toolCallId ?? 'unknown',
    content,
    is_error: message.isError === true,
  };
}

/** The visible text of an assistant message: its text blocks, joined. */
export function textOf(message: PiMessage): string {
  return contentBlocksOf(message)
    .map((block) => (block.type === 'text' ? block.text : ''))
    .join('');
}
