import { z } from 'zod';
import { assistantContentBlockSchema } from './content-blocks.ts';

/*
 * One Anthropic Messages API streaming event, as the SDK wraps it in `stream_event`.
 * Harnesses with other native streams (Pi's `text_delta`/`toolcall_delta`, ACP chunks)
 * translate into these, using the content block's position as `index`.
 */

const blockIndex = z.number().int().nonnegative();

const textDeltaSchema = z.object({
  /** Delta type. */
  type: z.literal('text_delta'),
  /** Text appended to the block. */
  text: z.string(),
});

const thinkingDeltaSchema = z.object({
  /** Delta type. */
  type: z.literal('thinking_delta'),
  /** Reasoning appended to the block. */
  thinking: z.string(),
});

const inputJsonDeltaSchema = z.object({
  /** Delta type. */
  type: z.literal('input_json_delta'),
  /** A fragment of the tool input's JSON text; only the concatenation parses. */
  partial_json: z.string(),
});

const signatureDeltaSchema = z.object({
  /** Delta type. */
  type: z.literal('signature_delta'),
  /** The thinking block's signature. */
  signature: z.string(),
});

/** What a `content_block_delta` adds to its block. */
export const contentBlockDeltaSchema = z.discriminatedUnion('type', [
  textDeltaSchema,
  thinkingDeltaSchema,
  inputJsonDeltaSchema,
  signatureDeltaSchema,
]);

/** The streaming events, discriminated by `type`. */
export const rawStreamEventSchema = z.discriminatedUnion('type', [
  z.object({
    /** Streaming event type. */
    type: z.literal('message_start'),
    /** The message being streamed; the complete `assistant` event follows with the same id. */
    message: z.object({
      /** Provider message id. */
      id: z.string(),
      /** Model generating the message. */
      model: z.string(),
    }),
  }),
  z.object({
    /** Streaming event type. */
    type: z.literal('content_block_start'),
    /** Position of the block in the message. */
    index: blockIndex,
    /** The block as it starts (empty text, tool name and id with `{}` input, …). */
    content_block: assistantContentBlockSchema,
  }),
  z.object({
    /** Streaming event type. */
    type: z.literal('content_block_delta'),
    /** Position of the block the delta belongs to. */
    index: blockIndex,
    /** The increment. */
    delta: contentBlockDeltaSchema,
  }),
  z.object({
    /** Streaming event type. */
    type: z.literal('content_block_stop'),
    /** Position of the block that is complete. */
    index: blockIndex,
  }),
  z.object({
    /** Streaming event type. */
    type: z.literal('message_delta'),
    /** Message-level changes. */
    delta: z.object({
      /** Why generation stopped, once known. */
      stop_reason: z.string().nullable().optional(),
    }),
    /** Output tokens so far, when the provider reports them mid-stream. */
    usage: z.object({ output_tokens: z.number().int().nonnegative() }).optional(),
  }),
  z.object({
    /** Streaming event type: the message is complete. */
    type: z.literal('message_stop'),
  }),
]);

export type ContentBlockDelta = z.infer<typeof contentBlockDeltaSchema>;
export type RawStreamEvent = z.infer<typeof rawStreamEventSchema>;
