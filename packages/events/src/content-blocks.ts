import { z } from 'zod';

/*
 * Message content blocks, shaped like the Anthropic Messages API blocks the Claude Agent
 * SDK carries. Only the blocks every consumer must understand are modelled. Any other
 * native block (server_tool_use, web_search_tool_result, document, …) travels as an
 * `opaque` block holding the original verbatim: nothing is lost, and `switch
 * (block.type)` still narrows, which a catch-all `{type: string}` member would break.
 */

/** Visible text written by the model or the user. */
export const textBlockSchema = z.object({
  /** Block type. */
  type: z.literal('text'),
  /** The text. */
  text: z.string(),
});

/** The model's reasoning, when the harness exposes it. */
export const thinkingBlockSchema = z.object({
  /** Block type. */
  type: z.literal('thinking'),
  /** The reasoning text. */
  thinking: z.string(),
  /** Provider signature that lets the block be sent back to the model; absent when none. */
  signature: z.string().optional(),
});

/** Reasoning the provider returned encrypted; kept so the conversation can be replayed. */
export const redactedThinkingBlockSchema = z.object({
  /** Block type. */
  type: z.literal('redacted_thinking'),
  /** Encrypted reasoning, opaque to us. */
  data: z.string(),
});

/** A tool call the model made. */
export const toolUseBlockSchema = z.object({
  /** Block type. */
  type: z.literal('tool_use'),
  /** Tool call id; the matching `tool_result` carries it as `tool_use_id`. */
  id: z.string().min(1),
  /** Tool name as the harness knows it (`Bash`, `mcp__lifeosai__remember`, `read`). */
  name: z.string().min(1),
  /** Parsed tool input. */
  input: z.record(z.string(), z.unknown()),
});

/** An image, e.g. a screenshot a tool returned or the user attached. */
export const imageBlockSchema = z.object({
  /** Block type. */
  type: z.literal('image'),
  /** Where the image is: `{type: 'base64', media_type, data}` or `{type: 'url', url}`. */
  source: z.record(z.string(), z.unknown()),
});

/** A native block this schema does not model, kept verbatim. */
export const opaqueBlockSchema = z.object({
  /** Block type. */
  type: z.literal('opaque'),
  /** The original block, including its native `type`. */
  block: z.looseObject({ type: z.string() }),
});

/** The outcome of a tool call, sent back to the model in a `user` message. */
export const toolResultBlockSchema = z.object({
  /** Block type. */
  type: z.literal('tool_result'),
  /** Id of the `tool_use` block this answers. */
  tool_use_id: z.string().min(1),
  /** What the tool returned: text, or text and image blocks. */
  content: z
    .union([
      z.string(),
      z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema, opaqueBlockSchema])),
    ])
    .optional(),
  /** True when the tool failed; `content` then says why. */
  is_error: z.boolean().optional(),
});

/** Blocks an assistant message may hold. */
export const assistantContentBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
  toolUseBlockSchema,
  opaqueBlockSchema,
]);

/** Blocks a user message may hold. */
export const userContentBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  imageBlockSchema,
  toolResultBlockSchema,
  opaqueBlockSchema,
]);

export type TextBlock = z.infer<typeof textBlockSchema>;
export type ThinkingBlock = z.infer<typeof thinkingBlockSchema>;
export type RedactedThinkingBlock = z.infer<typeof redactedThinkingBlockSchema>;
export type ToolUseBlock = z.infer<typeof toolUseBlockSchema>;
export type ImageBlock = z.infer<typeof imageBlockSchema>;
export type OpaqueBlock = z.infer<typeof opaqueBlockSchema>;
export type ToolResultBlock = z.infer<typeof toolResultBlockSchema>;
export type AssistantContentBlock = z.infer<typeof assistantContentBlockSchema>;
export type UserContentBlock = z.infer<typeof userContentBlockSchema>;
