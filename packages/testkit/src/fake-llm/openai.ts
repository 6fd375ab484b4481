import type { ServerResponse } from 'node:http';
import { CREATED_UNIX } from './models.ts';
import type { PlannedBlock, PlannedReply } from './reply-plan.ts';
import type { ErrorStatus, StopReason } from './scenario.ts';
import type { WireEncoder } from './send-reply.ts';

type OpenAiErrorStatus = ErrorStatus | 404;

// OpenAI has no 529: an overloaded OpenAI-compatible server answers 503.
const HTTP_STATUS: Record<OpenAiErrorStatus, number> = {
  400: 400,
  401: 401,
  404: 404,
  429: 429,
  500: 500,
  529: 503,
};

const ERROR_FIELDS: Record<OpenAiErrorStatus, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  404: { type: 'invalid_request_error', code: null },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: null },
  529: { type: 'server_error', code: null },
};

const FINISH_REASONS: Record<StopReason, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
};

/** Encodes a reply as chat-completion chunks (`data:` lines, `[DONE]` last). */
export function openAiEncoder(plan: PlannedReply, requestId: string, includeUsage: boolean): WireEncoder {
  const toolIndexes = toolIndexByBlock(plan.blocks);
  const block = (index: number): PlannedBlock => plan.blocks[index]!;
  // With include_usage, every chunk carries `usage: null` and one extra chunk the totals.
  const chunk = (delta: object, finishReason: string | null = null): string =>
    data({
      ...shell(plan, 'chat.completion.chunk'),
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
  return {
    headers: { 'x-request-id': requestId },
    open: () => chunk({ role: 'assistant', content: '', refusal: null }),
    blockStart: (index) => {
      const current = block(index);
      if (current.type !== 'tool_use') return '';
      const call = { id: current.id, type: 'function', function: { name: current.name, arguments: '' } };
      return chunk({ tool_calls: [{ index: toolIndexes.get(index), ...call }] });
    },
    blockDelta: (index, piece) => {
      const current = block(index);
      if (current.type === 'text') return chunk({ content: piece });
      if (current.type === 'thinking') return chunk({ reasoning_content: piece });
      return chunk({ tool_calls: [{ index: toolIndexes.get(index), function: { arguments: piece } }] });
    },
    blockStop: () => '',
    close: () =>
      chunk({}, FINISH_REASONS[plan.stopReason]) +
      (includeUsage
        ? data({ ...shell(plan, 'chat.completion.chunk'), choices: [], usage: usageBody(plan) })
        : '') +
      'data: [DONE]\n\n',
    malformed: () => `data: {"id":"${plan.id}","object":"chat.completion.chunk","choices":[{\n\n`,
    streamError: (status, message) => data(openAiErrorBody(status, message)),
    body: () => ({
      ...shell(plan, 'chat.completion'),
      choices: [
        {
          index: 0,
          message: finishedMessage(plan.blocks),
          logprobs: null,
          finish_reason: FINISH_REASONS[plan.stopReason],
        },
      ],
      usage: usageBody(plan),
    }),
  };
}

/** `{"error":{message,type,param,code}}` as OpenAI sends it. */
function openAiErrorBody(status: OpenAiErrorStatus, message: string): object {
  return { error: { message, ...ERROR_FIELDS[status], param: null } };
}

/** Sends an OpenAI error (529 as 503); 429 carries `retry-after` in seconds. */
export function sendOpenAiError(
  res: ServerResponse,
  status: OpenAiErrorStatus,
  message: string,
  requestId: string,
  retryAfterSeconds = 1,
): void {
  const retry = status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {};
  res.writeHead(HTTP_STATUS[status], {
    'content-type': 'application/json',
    'x-request-id': requestId,
    ...retry,
  });
  res.end(JSON.stringify(openAiErrorBody(status, message)));
}

function data(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function shell(plan: PlannedReply, object: string): object {
  return { id: plan.id, object, created: CREATED_UNIX, model: plan.model, system_fingerprint: 'fp_fake' };
}

function toolIndexByBlock(blocks: PlannedBlock[]): Map<number, number> {
  const indexes = new Map<number, number>();
  for (const [index, block] of blocks.entries()) {
    if (block.type === 'tool_use') indexes.set(index, indexes.size);
  }
  return indexes;
}

function usageBody(plan: PlannedReply): object {
  const { inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens } = plan.usage;
  // OpenAI's prompt_tokens include cached ones; Anthropic's input_tokens do not.
  const promptTokens = inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: outputTokens,
    total_tokens: promptTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cacheReadInputTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

function finishedMessage(blocks: PlannedBlock[]): object {
  const texts = blocks.flatMap((block) => (block.type === 'text' ? [block.text] : []));
  const thinking = blocks.flatMap((block) => (block.type === 'thinking' ? [block.thinking] : []));
  const calls = blocks.flatMap((block) =>
    block.type === 'tool_use'
      ? [
          {
            id: block.id,
            type: 'function',
            function: { name: block.name, arguments: JSON.stringify(block.input) },
          },
        ]
      : [],
  );
  return {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : null,
    refusal: null,
    ...(thinking.length > 0 ? { reasoning_content: thinking.join('') } : {}),
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
  };
}
