import { z } from 'zod';
import {
  estimateTokens,
  joinTexts,
  lastText,
  type MessageContent,
  type ModelCall,
  promptText,
  trailing,
} from './model-call.ts';

// Loose like the other bodies: Codex sends many fields (reasoning, include, store, …).
const inputItem = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
});

/** `POST /v1/responses` body (OpenAI Responses API). */
export const responsesBody = z.looseObject({
  model: z.string(),
  input: z.union([z.string(), z.array(inputItem)]),
  instructions: z.string().nullish(),
  tools: z
    .array(
      z.looseObject({
        type: z.string(),
        name: z.string().optional(),
        /** A `namespace` tool's members (Codex groups each MCP server's tools so). */
        tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  stream: z.boolean().nullish(),
});

export type ResponsesBody = z.infer<typeof responsesBody>;
type InputItem = z.infer<typeof inputItem>;

/** Reads a Responses API body (already validated) as a ModelCall. */
export function responsesCall(body: ResponsesBody): ModelCall {
  const items: InputItem[] =
    typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
  const userContents = items
    .filter((item) => item.role === 'user' && (item.type === undefined || item.type === 'message'))
    .map((item) => item.content as MessageContent);
  const last = items.findLast((item) => item.role !== 'system' && item.role !== 'developer');
  return {
    api: 'openai-responses',
    model: body.model,
    stream: body.stream === true,
    includeUsage: true,
    lastUserText: lastText(userContents, ['input_text', 'text']),
    lastMessageIsToolResult: last?.type === 'function_call_output',
    lastToolResultText: joinTexts(
      trailing(
        items.filter((item) => item.role !== 'system' && item.role !== 'developer'),
        (item) => item.type === 'function_call_output',
      ).map((item) => (item as { output?: unknown }).output),
    ),
    toolNames: [...declaredTools(body).keys()],
    inputTokens: estimateTokens(
      promptText({ system: body.instructions ?? undefined, messages: body.input, tools: body.tools }),
    ),
    body,
  };
}

/** Joins a namespace and a member's name into the one name a scenario calls it by. */
const namespaceSeparator = '__';

/**
 * The functions a Responses body declares, by the name a scenario calls them: a top-level
 * function by its name, a member of a `namespace` tool (Codex puts each MCP server's tools in
 * one, `mcp__<server>`) as `<namespace>__<name>`, which the reply splits back.
 */
export function declaredTools(body: ResponsesBody): Map<string, { namespace?: string; name: string }> {
  const tools = new Map<string, { namespace?: string; name: string }>();
  for (const tool of body.tools ?? []) {
    if (tool.type === 'function' && tool.name !== undefined) tools.set(tool.name, { name: tool.name });
    if (tool.type !== 'namespace' || tool.name === undefined) continue;
    for (const member of tool.tools ?? []) {
      if (member.type !== 'function' || member.name === undefined) continue;
      tools.set(`${tool.name}${namespaceSeparator}${member.name}`, {
        namespace: tool.name,
        name: member.name,
      });
    }
  }
  return tools;
}
