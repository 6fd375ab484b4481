import type { ServerResponse } from 'node:http';
import type { PlannedBlock, PlannedReply, PlannedUsage } from './reply-plan.ts';
import type { ErrorStatus } from './scenario.ts';
import type { WireEncoder } from './send-reply.ts';

/** Anthropic error `type` for each status the fake can send. */
const ANTHROPIC_ERROR_TYPES = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
} as const satisfies Record<ErrorStatus | 404, string>;

/** Encodes a reply exactly as the Messages API streams it (named SSE events). */
export function anthropicEncoder(plan: PlannedReply, requestId: string): WireEncoder {
  const block = (index: number): PlannedBlock => plan.blocks[index]!;
  return {
    headers: { 'request-id': requestId },
    open: () =>
      frame('message_start', {
        type: 'message_start',
        // Real streams start with output_tokens near zero; the total comes in message_delta.
        message: { ...messageShell(plan), content: [], stop_reason: null, usage: usageBody(plan.usage, 1) },
      }),
    blockStart: (index) =>
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: emptyBlock(block(index)),
      }) + (index === 0 ? frame('ping', { type: 'ping' }) : ''),
    blockDelta: (index, piece) =>
      frame('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: deltaFor(block(index), piece),
      }),
    blockStop: (index) => {
      const current = block(index);
      // The signature closes a thinking block, just before its stop event.
      const signature =
        current.type === 'thinking'
          ? frame('content_block_delta', {
              type: 'content_block_delta',
              index,
              delta: { type: 'signature_delta', signature: current.signature },
            })
          : '';
      return signature + frame('content_block_stop', { type: 'content_block_stop', index });
    },
    close: () =>
      frame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: plan.stopReason, stop_sequence: null },
        usage: {
          input_tokens: plan.usage.inputTokens,
          cache_creation_input_tokens: plan.usage.cacheCreationInputTokens,
          cache_read_input_tokens: plan.usage.cacheReadInputTokens,
          output_tokens: plan.usage.outputTokens,
        },
      }) + frame('message_stop', { type: 'message_stop' }),
    malformed: () =>
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{\n\n',
    streamError: (status, message) => frame('error', anthropicErrorBody(status, message, requestId)),
    body: () => ({
      ...messageShell(plan),
      content: plan.blocks.map(finishedBlock),
      stop_reason: plan.stopReason,
      usage: usageBody(plan.usage, plan.usage.outputTokens),
    }),
  };
}

/** `{"type":"error","error":{type,message},"request_id"}` as the API sends it. */
function anthropicErrorBody(status: ErrorStatus | 404, message: string, requestId: string): object {
  return { type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[status], message }, request_id: requestId };
}

/** Sends an Anthropic error; 429 carries `retry-after` in seconds. */
export function sendAnthropicError(
  res: ServerResponse,
  status: ErrorStatus | 404,
  message: string,
  requestId: string,
  retryAfterSeconds = 1,
): void {
  const retry = status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {};
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...retry });
  res.end(JSON.stringify(anthropicErrorBody(status, message, requestId)));
}

function frame(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function messageShell(plan: PlannedReply): object {
  return { id: plan.id, type: 'message', role: 'assistant', model: plan.model, stop_sequence: null };
}

function usageBody(usage: PlannedUsage, outputTokens: number): object {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cacheCreationInputTokens,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function emptyBlock(block: PlannedBlock): object {
  switch (block.type) {
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'text':
      return { type: 'text', text: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

function deltaFor(block: PlannedBlock, piece: string): object {
  switch (block.type) {
    case 'thinking':
      return { type: 'thinking_delta', thinking: piece };
    case 'text':
      return { type: 'text_delta', text: piece };
    case 'tool_use':
      return { type: 'input_json_delta', partial_json: piece };
  }
}

function finishedBlock(block: PlannedBlock): object {
  switch (block.type) {
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  }
}
