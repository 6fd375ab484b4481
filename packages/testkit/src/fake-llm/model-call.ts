import { z } from 'zod';

/**
 * Which wire API a request came in on: Anthropic Messages, OpenAI chat completions, the
 * OpenAI Responses API (Codex) or Gemini's `generateContent`.
 */
export type ApiKind = 'anthropic' | 'openai' | 'openai-responses' | 'google';

const contentBlock = z.looseObject({ type: z.string() });

// Loose on purpose: real clients send many fields the fake does not care about, and the
// real APIs only reject the few that are required.
const anthropicPrompt = z.looseObject({
  model: z.string(),
  messages: z.array(
    z.looseObject({
      role: z.string(),
      content: z.union([z.string(), z.array(contentBlock)]),
    }),
  ),
  system: z.union([z.string(), z.array(contentBlock)]).optional(),
  tools: z.array(z.looseObject({ name: z.string() })).optional(),
});

/** `POST /v1/messages/count_tokens` body. */
export const anthropicCountTokensBody = anthropicPrompt;

/** `POST /v1/messages` body. */
export const anthropicMessagesBody = anthropicPrompt.extend({
  max_tokens: z.number().int().positive(),
  stream: z.boolean().optional(),
});

/** `POST /v1/chat/completions` body. */
export const openAiChatBody = z.looseObject({
  model: z.string(),
  messages: z.array(
    z.looseObject({
      role: z.string(),
      content: z.union([z.string(), z.array(contentBlock), z.null()]).optional(),
    }),
  ),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});

/**
 * A model request as matchers see it: the same questions answered for both APIs.
 */
export interface ModelCall {
  /** API the request came in on; the answer is rendered in it. */
  api: ApiKind;
  /** `model` from the body, echoed back in the answer. */
  model: string;
  /** Whether the client asked for SSE. */
  stream: boolean;
  /** Chat completions: `stream_options.include_usage` (a final usage chunk); the other APIs always report usage. */
  includeUsage: boolean;
  /** Last text block of the most recent user message that has text; `''` if none. */
  lastUserText: string;
  /**
   * The last message (trailing system messages skipped) carries a tool result: an Anthropic
   * `tool_result` block or an OpenAI `role: 'tool'` message.
   */
  lastMessageIsToolResult: boolean;
  /**
   * What the client's tools returned, as the last message carries it back (text of each tool
   * result, joined by newlines); `''` when it carries none. What the model learned from a tool,
   * whatever the client showed its own user.
   */
  lastToolResultText: string;
  /** Names of the tools the client declared. */
  toolNames: string[];
  /** Deterministic estimate: see `estimateTokens` and `promptText`. */
  inputTokens: number;
  /** The parsed body, for anything else a matcher needs. */
  body: Record<string, unknown>;
}

/** Tokens for a text: characters / 4, rounded up, at least 1. */
export function estimateTokens(content: string): number {
  return Math.max(1, Math.ceil(content.length / 4));
}

/**
 * The text input tokens are counted from: the JSON of `{system, messages, tools}`
 * (Anthropic) or `{messages, tools}` (OpenAI), absent fields left out.
 */
export function promptText(body: { system?: unknown; messages: unknown; tools?: unknown }): string {
  return JSON.stringify({ system: body.system, messages: body.messages, tools: body.tools });
}

/** Reads an Anthropic `/v1/messages` body (already validated) as a ModelCall. */
export function anthropicCall(body: z.infer<typeof anthropicMessagesBody>): ModelCall {
  // Claude Code appends `role: 'system'` messages after the turn; they are not the turn.
  const last = body.messages.findLast((message) => message.role !== 'system');
  const lastIsToolResult =
    last?.role === 'user' &&
    Array.isArray(last.content) &&
    last.content.some((b) => b.type === 'tool_result');
  return {
    api: 'anthropic',
    model: body.model,
    stream: body.stream === true,
    includeUsage: false,
    lastUserText: lastText(body.messages.filter((message) => message.role === 'user').map((m) => m.content)),
    lastMessageIsToolResult: lastIsToolResult,
    lastToolResultText:
      last?.role === 'user' && Array.isArray(last.content)
        ? joinTexts(last.content.filter((b) => b.type === 'tool_result').map((b) => b.content))
        : '',
    toolNames: (body.tools ?? []).map((tool) => tool.name),
    inputTokens: estimateTokens(promptText(body)),
    body,
  };
}

/** Reads an OpenAI `/v1/chat/completions` body (already validated) as a ModelCall. */
export function openAiCall(body: z.infer<typeof openAiChatBody>): ModelCall {
  return {
    api: 'openai',
    model: body.model,
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    lastUserText: lastText(body.messages.filter((message) => message.role === 'user').map((m) => m.content)),
    lastMessageIsToolResult:
      body.messages.findLast((message) => message.role !== 'system' && message.role !== 'developer')?.role ===
      'tool',
    lastToolResultText: joinTexts(
      trailing(body.messages, (message) => message.role === 'tool').map((m) => m.content),
    ),
    toolNames: (body.tools ?? []).flatMap((tool) => {
      const name = (tool.function as { name?: unknown } | undefined)?.name;
      return typeof name === 'string' ? [name] : [];
    }),
    inputTokens: estimateTokens(promptText({ messages: body.messages, tools: body.tools })),
    body,
  };
}

/** The first problem in a body, phrased like the real APIs (`messages.0.role: …`). */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request body.';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** One message's content as the chat APIs send it: a string or typed blocks. */
export type MessageContent = string | z.infer<typeof contentBlock>[] | null | undefined;

/** Last text block (`type: 'text'`, or `textTypes`) of the most recent content that has one; `''` if none. */
export function lastText(contents: MessageContent[], textTypes: readonly string[] = ['text']): string {
  for (const content of contents.toReversed()) {
    if (typeof content === 'string') return content;
    const texts = (content ?? []).flatMap((block) =>
      textTypes.includes(block.type) && typeof block.text === 'string' ? [block.text] : [],
    );
    const found = texts.at(-1);
    if (found !== undefined) return found;
  }
  return '';
}

/** The items at the end of `items` that match, in order. */
export function trailing<Item>(items: readonly Item[], matches: (item: Item) => boolean): Item[] {
  let start = items.length;
  while (start > 0 && matches(items[start - 1]!)) start -= 1;
  return items.slice(start);
}

/** Tool results' text: strings as they are, text parts' `text`, anything else as JSON; joined by newlines. */
export function joinTexts(values: readonly unknown[]): string {
  return values.map(textOf).filter(Boolean).join('\n');
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value == null) return '';
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join('\n');
  const record = value as Record<string, unknown>;
  if (typeof record.text === 'string') return record.text;
  if (typeof record.output === 'string') return record.output;
  return JSON.stringify(value);
}
