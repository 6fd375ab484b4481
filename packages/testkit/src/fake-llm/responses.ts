import { CREATED_UNIX } from './models.ts';
import type { PlannedBlock, PlannedReply } from './reply-plan.ts';
import type { WireEncoder } from './send-reply.ts';

/**
 * Encodes a reply as the OpenAI Responses API streams it (Codex's only wire): named SSE
 * events, each with a `sequence_number` — `response.created`, `response.in_progress`, per
 * output item `response.output_item.added` … `response.output_item.done`, then
 * `response.completed` (or `response.incomplete` at `max_tokens`) carrying the usage.
 * Errors in HTTP bodies are OpenAI's (`sendOpenAiError`); a failure mid-stream is
 * `response.failed`.
 */
export function responsesEncoder(
  plan: PlannedReply,
  requestId: string,
  tools: ReadonlyMap<string, { namespace?: string; name: string }> = new Map(),
): WireEncoder {
  // A call of a namespace's member names the namespace and the bare name, as Codex expects.
  const callName = (name: string) => {
    const declared = tools.get(name);
    return declared?.namespace === undefined
      ? { name }
      : { namespace: declared.namespace, name: declared.name };
  };
  let sequence = 0;
  const frame = (type: string, data: object): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
  const block = (index: number): PlannedBlock => plan.blocks[index]!;
  const itemId = (index: number): string => {
    const current = block(index);
    if (current.type === 'tool_use') return `fc_${current.id}`;
    return `${current.type === 'text' ? 'msg' : 'rs'}_${plan.id.replace(/^resp_/, '')}_${index}`;
  };
  const incomplete = plan.stopReason === 'max_tokens';
  const where = (index: number) => ({ item_id: itemId(index), output_index: index });

  return {
    headers: { 'x-request-id': requestId },
    open: () =>
      frame('response.created', { response: shell(plan, 'in_progress', null) }) +
      frame('response.in_progress', { response: shell(plan, 'in_progress', null) }),
    blockStart: (index) => {
      const current = block(index);
      const added = frame('response.output_item.added', {
        output_index: index,
        item: { ...openItem(current, itemId(index), callName) },
      });
      if (current.type === 'text') {
        return (
          added +
          frame('response.content_part.added', {
            ...where(index),
            content_index: 0,
            part: { type: 'output_text', text: '', annotations: [] },
          })
        );
      }
      if (current.type === 'thinking') {
        return (
          added +
          frame('response.reasoning_summary_part.added', {
            ...where(index),
            summary_index: 0,
            part: { type: 'summary_text', text: '' },
          })
        );
      }
      return added;
    },
    blockDelta: (index, piece) => {
      const current = block(index);
      if (current.type === 'text') {
        return frame('response.output_text.delta', {
          ...where(index),
          content_index: 0,
          delta: piece,
          logprobs: [],
        });
      }
      if (current.type === 'thinking') {
        return frame('response.reasoning_summary_text.delta', {
          ...where(index),
          summary_index: 0,
          delta: piece,
        });
      }
      return frame('response.function_call_arguments.delta', { ...where(index), delta: piece });
    },
    blockStop: (index) => {
      const current = block(index);
      // Frames are numbered as they are made: the item's own `done` comes last.
      const done = () =>
        frame('response.output_item.done', {
          output_index: index,
          item: finishedItem(current, itemId(index), callName),
        });
      if (current.type === 'text') {
        const part = { type: 'output_text', text: current.text, annotations: [] };
        return (
          frame('response.output_text.done', {
            ...where(index),
            content_index: 0,
            text: current.text,
            logprobs: [],
          }) +
          frame('response.content_part.done', { ...where(index), content_index: 0, part }) +
          done()
        );
      }
      if (current.type === 'thinking') {
        const part = { type: 'summary_text', text: current.thinking };
        return (
          frame('response.reasoning_summary_text.done', {
            ...where(index),
            summary_index: 0,
            text: current.thinking,
          }) +
          frame('response.reasoning_summary_part.done', { ...where(index), summary_index: 0, part }) +
          done()
        );
      }
      return (
        frame('response.function_call_arguments.done', {
          ...where(index),
          arguments: JSON.stringify(current.input),
        }) + done()
      );
    },
    close: () =>
      frame(incomplete ? 'response.incomplete' : 'response.completed', {
        response: completed(plan, itemId, callName),
      }),
    malformed: () =>
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n',
    streamError: (status, message) =>
      frame('response.failed', {
        response: {
          ...shell(plan, 'failed', null),
          error: { code: status === 429 ? 'rate_limit_exceeded' : 'server_error', message },
        },
      }),
    body: () => completed(plan, itemId, callName),
  };
}

/** The response object without output, in a given status. */
function shell(plan: PlannedReply, status: string, usage: object | null): Record<string, unknown> {
  return {
    id: plan.id,
    object: 'response',
    created_at: CREATED_UNIX,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    model: plan.model,
    output: [],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage,
  };
}

/** How a function call names its tool: bare, or a namespace's member. */
type CallName = (name: string) => { namespace?: string; name: string };

function completed(plan: PlannedReply, itemId: (index: number) => string, callName: CallName): object {
  const incomplete = plan.stopReason === 'max_tokens';
  return {
    ...shell(plan, incomplete ? 'incomplete' : 'completed', usageBody(plan)),
    ...(incomplete ? { incomplete_details: { reason: 'max_output_tokens' } } : {}),
    output: plan.blocks.map((block, index) => finishedItem(block, itemId(index), callName)),
  };
}

/** Responses usage: like chat completions, `input_tokens` include the cached ones. */
function usageBody(plan: PlannedReply): object {
  const { inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens } = plan.usage;
  const input = inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cacheReadInputTokens },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + outputTokens,
  };
}

function openItem(block: PlannedBlock, id: string, callName: CallName): object {
  switch (block.type) {
    case 'text':
      return { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    case 'thinking':
      return { id, type: 'reasoning', summary: [] };
    case 'tool_use':
      return {
        id,
        type: 'function_call',
        status: 'in_progress',
        call_id: block.id,
        ...callName(block.name),
        arguments: '',
      };
  }
}

function finishedItem(block: PlannedBlock, id: string, callName: CallName): object {
  switch (block.type) {
    case 'text':
      return {
        id,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: block.text, annotations: [] }],
      };
    case 'thinking':
      return { id, type: 'reasoning', summary: [{ type: 'summary_text', text: block.thinking }] };
    case 'tool_use':
      return {
        id,
        type: 'function_call',
        status: 'completed',
        call_id: block.id,
        ...callName(block.name),
        arguments: JSON.stringify(block.input),
      };
  }
}
