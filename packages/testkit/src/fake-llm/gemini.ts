import type { ServerResponse } from 'node:http';
import type { PlannedBlock, PlannedReply } from './reply-plan.ts';
import type { ErrorStatus, StopReason } from './scenario.ts';
import type { WireEncoder } from './send-reply.ts';

type GeminiErrorStatus = ErrorStatus | 404;

// Gemini has no 529: an overloaded model answers 503 UNAVAILABLE.
const ERRORS: Record<GeminiErrorStatus, { http: number; status: string }> = {
  400: { http: 400, status: 'INVALID_ARGUMENT' },
  401: { http: 401, status: 'UNAUTHENTICATED' },
  404: { http: 404, status: 'NOT_FOUND' },
  429: { http: 429, status: 'RESOURCE_EXHAUSTED' },
  500: { http: 500, status: 'INTERNAL' },
  529: { http: 503, status: 'UNAVAILABLE' },
};

const FINISH_REASONS: Record<StopReason, string> = {
  end_turn: 'STOP',
  stop_sequence: 'STOP',
  tool_use: 'STOP',
  max_tokens: 'MAX_TOKENS',
};

/**
 * Encodes a reply as Gemini's `streamGenerateContent` sends it: a sequence of whole
 * `GenerateContentResponse` chunks, one per text delta (a function call arrives in one
 * chunk, never in pieces), the last with `finishReason` and the full `usageMetadata`.
 * `sse` (the `alt=sse` query) frames each chunk as `data: …\r\n\r\n`; without it the stream
 * is one JSON array written element by element, as the REST API does.
 */
export function geminiEncoder(plan: PlannedReply, sse: boolean): WireEncoder {
  let written = 0;
  const frame = (chunk: object): string => {
    const json = JSON.stringify(chunk);
    if (sse) return `data: ${json}\r\n\r\n`;
    return `${written++ === 0 ? '' : ',\r\n'}${json}`;
  };
  const promptOnly = { promptTokenCount: promptTokens(plan), totalTokenCount: promptTokens(plan) };
  const chunk = (part: object): object => ({
    candidates: [{ content: { parts: [part], role: 'model' }, index: 0 }],
    usageMetadata: promptOnly,
    modelVersion: plan.model,
    responseId: plan.id,
  });
  const block = (index: number): PlannedBlock => plan.blocks[index]!;
  return {
    headers: {},
    ...(sse ? {} : { streamContentType: 'application/json; charset=UTF-8' }),
    open: () => (sse ? '' : '['),
    blockStart: (index) => {
      const current = block(index);
      return current.type === 'tool_use' ? frame(chunk(partOf(current))) : '';
    },
    blockDelta: (index, piece) => {
      const current = block(index);
      if (current.type === 'text') return frame(chunk({ text: piece }));
      if (current.type === 'thinking') return frame(chunk({ text: piece, thought: true }));
      return '';
    },
    blockStop: () => '',
    close: () =>
      frame({
        candidates: [{ finishReason: FINISH_REASONS[plan.stopReason], index: 0 }],
        usageMetadata: usageMetadata(plan),
        modelVersion: plan.model,
        responseId: plan.id,
      }) + (sse ? '' : ']'),
    malformed: () => (sse ? 'data: {"candidates":[{\r\n\r\n' : `${written > 0 ? ',' : ''}{"candidates":[{`),
    // Google sends a mid-stream error as a bare JSON object, not a `data:` frame: the SDK
    // (@google/genai, inside Gemini CLI) only raises one when a whole network read parses as
    // `{"error":…}`, and silently drops an error in a data line (the turn "succeeds").
    streamErrorApart: sse,
    streamError: (status, message) => {
      const error = JSON.stringify(errorBody(status, message));
      return sse ? error : `${written > 0 ? ',\r\n' : ''}${error}]`;
    },
    body: () => ({
      candidates: [
        {
          content: { parts: plan.blocks.map(partOf), role: 'model' },
          finishReason: FINISH_REASONS[plan.stopReason],
          index: 0,
        },
      ],
      usageMetadata: usageMetadata(plan),
      modelVersion: plan.model,
      responseId: plan.id,
    }),
  };
}

/** `{"error":{code, message, status}}` as Google APIs send it. */
function errorBody(status: GeminiErrorStatus, message: string): object {
  return { error: { code: ERRORS[status].http, message, status: ERRORS[status].status } };
}

/** Sends a Gemini error (529 as 503); 429 carries `retry-after` in seconds. */
export function sendGeminiError(
  res: ServerResponse,
  status: GeminiErrorStatus,
  message: string,
  retryAfterSeconds = 1,
): void {
  const retry = status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {};
  res.writeHead(ERRORS[status].http, { 'content-type': 'application/json; charset=UTF-8', ...retry });
  res.end(JSON.stringify(errorBody(status, message)));
}

/** Gemini's prompt count includes cached tokens (`cachedContentTokenCount` says how many). */
function promptTokens(plan: PlannedReply): number {
  const { inputTokens, cacheCreationInputTokens, cacheReadInputTokens } = plan.usage;
  return inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
}

function usageMetadata(plan: PlannedReply): object {
  const prompt = promptTokens(plan);
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: plan.usage.outputTokens,
    totalTokenCount: prompt + plan.usage.outputTokens,
    ...(plan.usage.cacheReadInputTokens > 0
      ? { cachedContentTokenCount: plan.usage.cacheReadInputTokens }
      : {}),
  };
}

function partOf(block: PlannedBlock): object {
  switch (block.type) {
    case 'text':
      return { text: block.text };
    case 'thinking':
      return { text: block.thinking, thought: true };
    case 'tool_use':
      return { functionCall: { name: block.name, args: block.input } };
  }
}
