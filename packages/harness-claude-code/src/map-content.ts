import type {
  AssistantContentBlock,
  ContentBlockDelta,
  ImageBlock,
  OpaqueBlock,
  RawStreamEvent,
  TextBlock,
  Usage,
  UserContentBlock,
} from '@lifeosai/events';

/*
 * Anthropic content, as the SDK carries it, into our block schemas. The SDK's types are the
 * full Messages API unions (citations, server tools, containers, …) and grow with every
 * release, so these read fields structurally and keep anything unmodelled as an `opaque`
 * block holding the original: nothing is lost and nothing unvalidated leaks through.
 */

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function opaque(block: Json): OpaqueBlock {
  return { type: 'opaque', block: { ...block, type: String(block.type ?? 'unknown') } };
}

/** One block of an assistant message. */
export function mapAssistantBlock(block: unknown): AssistantContentBlock {
  if (!isRecord(block)) return opaque({ type: 'unknown', value: block });
  switch (block.type) {
    case 'text':
      if (typeof block.text === 'string') return { type: 'text', text: block.text };
      break;
    case 'thinking':
      if (typeof block.thinking === 'string') {
        const signature =
          typeof block.signature === 'string' && block.signature !== '' ? block.signature : undefined;
        return { type: 'thinking', thinking: block.thinking, ...(signature ? { signature } : {}) };
      }
      break;
    case 'redacted_thinking':
      if (typeof block.data === 'string') return { type: 'redacted_thinking', data: block.data };
      break;
    case 'tool_use':
      if (
        typeof block.id === 'string' &&
        block.id !== '' &&
        typeof block.name === 'string' &&
        block.name !== ''
      ) {
        return {
          type: 'tool_use',
          id: block.id,
          name: block.name,
          input: isRecord(block.input) ? block.input : {},
        };
      }
      break;
  }
  return opaque(block);
}

/** The content of a user message: the prompt text, follow-ups or tool results. */
export function mapUserContent(content: unknown): string | UserContentBlock[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return [];
  return content.map(mapUserBlock);
}

function mapUserBlock(block: unknown): UserContentBlock {
  if (!isRecord(block)) return opaque({ type: 'unknown', value: block });
  switch (block.type) {
    case 'text':
      if (typeof block.text === 'string') return { type: 'text', text: block.text };
      break;
    case 'image':
      if (isRecord(block.source)) return { type: 'image', source: block.source };
      break;
    case 'tool_result':
      if (typeof block.tool_use_id === 'string' && block.tool_use_id !== '') {
        return {
          type: 'tool_result',
          tool_use_id: block.tool_use_id,
          ...(block.content !== undefined ? { content: mapToolResultContent(block.content) } : {}),
          ...(typeof block.is_error === 'boolean' ? { is_error: block.is_error } : {}),
        };
      }
      break;
  }
  return opaque(block);
}

function mapToolResultContent(content: unknown): string | Array<TextBlock | ImageBlock | OpaqueBlock> {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return JSON.stringify(content);
  return content.map((part): TextBlock | ImageBlock | OpaqueBlock => {
    if (isRecord(part) && part.type === 'text' && typeof part.text === 'string')
      return { type: 'text', text: part.text };
    if (isRecord(part) && part.type === 'image' && isRecord(part.source))
      return { type: 'image', source: part.source };
    return isRecord(part) ? opaque(part) : opaque({ type: 'unknown', value: part });
  });
}

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;

/** The four disjoint token counts of an Anthropic `usage` object; undefined when there is none. */
export function mapUsage(usage: unknown): Usage | undefined {
  if (!isRecord(usage)) return undefined;
  return {
    input_tokens: count(usage.input_tokens),
    output_tokens: count(usage.output_tokens),
    cache_creation_input_tokens: count(usage.cache_creation_input_tokens),
    cache_read_input_tokens: count(usage.cache_read_input_tokens),
  };
}

/** One Anthropic streaming event; undefined for kinds our schema does not carry (ping, citations). */
export function mapRawStreamEvent(event: unknown): RawStreamEvent | undefined {
  if (!isRecord(event)) return undefined;
  switch (event.type) {
    case 'message_start': {
      const message = isRecord(event.message) ? event.message : {};
      return {
        type: 'message_start',
        message: { id: String(message.id ?? ''), model: String(message.model ?? '') },
      };
    }
    case 'content_block_start':
      return {
        type: 'content_block_start',
        index: count(event.index),
        content_block: mapAssistantBlock(event.content_block),
      };
    case 'content_block_delta': {
      const delta = mapDelta(event.delta);
      return delta ? { type: 'content_block_delta', index: count(event.index), delta } : undefined;
    }
    case 'content_block_stop':
      return { type: 'content_block_stop', index: count(event.index) };
    case 'message_delta': {
      const delta = isRecord(event.delta) ? event.delta : {};
      const stopReason = typeof delta.stop_reason === 'string' ? delta.stop_reason : null;
      const outputTokens = isRecord(event.usage) ? event.usage.output_tokens : undefined;
      return {
        type: 'message_delta',
        delta: { stop_reason: stopReason },
        ...(typeof outputTokens === 'number' ? { usage: { output_tokens: count(outputTokens) } } : {}),
      };
    }
    case 'message_stop':
      return { type: 'message_stop' };
  }
  return undefined;
}

function mapDelta(delta: unknown): ContentBlockDelta | undefined {
  if (!isRecord(delta)) return undefined;
  switch (delta.type) {
    case 'text_delta':
      return typeof delta.text === 'string' ? { type: 'text_delta', text: delta.text } : undefined;
    case 'thinking_delta':
      return typeof delta.thinking === 'string'
        ? { type: 'thinking_delta', thinking: delta.thinking }
        : undefined;
    case 'input_json_delta':
      return typeof delta.partial_json === 'string'
        ? { type: 'input_json_delta', partial_json: delta.partial_json }
        : undefined;
    case 'signature_delta':
      return typeof delta.signature === 'string'
        ? { type: 'signature_delta', signature: delta.signature }
        : undefined;
  }
  return undefined;
}
