import { z } from 'zod';
import { assistantContentBlockSchema, userContentBlockSchema } from './content-blocks.ts';
import { bodyBaseShape } from './native-ids.ts';
import { rawStreamEventSchema } from './raw-stream-event.ts';
import { usageSchema } from './usage.ts';

/** Set when a subagent produced the message: the id of the `tool_use` that started it. */
const parentToolUseId = z.string().nullable();

/**
 * A complete assistant message or content block — authoritative, unlike `stream_event`.
 * As in the SDK, one model response may arrive as several `assistant` events sharing
 * `message.id`, each carrying the blocks completed so far; group by id to rebuild it.
 */
export const assistantEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('assistant'),
  /** The message, shaped like an Anthropic Messages API message. */
  message: z.object({
    /** Provider message id; the adapter makes one up when the provider has none. */
    id: z.string().min(1),
    /** Always `assistant`. */
    role: z.literal('assistant'),
    /** Model that wrote the message. */
    model: z.string().min(1),
    /** The content blocks this event delivers. */
    content: z.array(assistantContentBlockSchema),
    /**
     * Why generation stopped, in Anthropic terms (`end_turn`, `tool_use`, `max_tokens`,
     * `stop_sequence`, `refusal`, `pause_turn`, …); null while the response is still
     * streaming or when unknown. Other harnesses map theirs (Pi `stop` → `end_turn`,
     * `toolUse` → `tool_use`, `length` → `max_tokens`).
     */
    stop_reason: z.string().nullable(),
    /** Tokens of this response when reported; not final while `stop_reason` is null. */
    usage: usageSchema.optional(),
  }),
  /** Set when a subagent wrote this message; null on the main thread. */
  parent_tool_use_id: parentToolUseId,
  /**
   * Native message ids (`native.messageId`) of earlier events this message replaces, e.g.
   * after Claude's refusal fallback or a tool call that could not be parsed; renderers hide
   * the replaced ones.
   */
  supersedes: z.array(z.string().min(1)).optional(),
  /**
   * The provider's error code when this message stands for a failed API call
   * (the SDK's `authentication_failed`, `rate_limit`, …); the `error` event classifies it.
   */
  error: z.string().optional(),
});

/**
 * A user-side message: the prompt that started a turn, a follow-up message, or the
 * results of tool calls (`tool_result` blocks) sent back to the model.
 */
export const userEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('user'),
  /** The message, shaped like an Anthropic Messages API user message. */
  message: z.object({
    /** Always `user`. */
    role: z.literal('user'),
    /** Plain text, or content blocks. */
    content: z.union([z.string(), z.array(userContentBlockSchema)]),
  }),
  /** Set when the message belongs to a subagent; null on the main thread. */
  parent_tool_use_id: parentToolUseId,
  /** The tool's structured output, beside the text the model saw; shape is per tool. */
  tool_use_result: z.unknown().optional(),
  /** True when the harness, not a person, wrote this message. */
  isSynthetic: z.boolean().optional(),
});

/**
 * A partial delta of the assistant message being generated, for live display only. Never
 * authoritative: consumers must not persist state derived from it, since the matching
 * `assistant` event supersedes it and deltas may be dropped or coalesced.
 */
export const streamEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('stream_event'),
  /** The Anthropic streaming event. */
  event: rawStreamEventSchema,
  /** Set when a subagent is generating; null on the main thread. */
  parent_tool_use_id: parentToolUseId,
});

export type AssistantEvent = z.infer<typeof assistantEventSchema>;
export type UserEvent = z.infer<typeof userEventSchema>;
export type StreamEvent = z.infer<typeof streamEventSchema>;
