import { z } from 'zod';
import { errorClassSchema } from './error-class.ts';
import { bodyBaseShape } from './native-ids.ts';
import { usageSchema } from './usage.ts';

/**
 * A tool is still running (the SDK's `tool_progress`): a heartbeat for long tool calls,
 * optionally with the output so far.
 */
export const toolProgressEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('tool_progress'),
  /** Id of the running `tool_use` block. */
  tool_use_id: z.string().min(1),
  /** Name of the running tool. */
  tool_name: z.string().min(1),
  /** Set when a subagent called the tool; null on the main thread. */
  parent_tool_use_id: z.string().nullable(),
  /** Seconds since the tool started. */
  elapsed_time_seconds: z.number().nonnegative(),
  /** Output produced so far (e.g. a command's stdout), for live display; not authoritative. */
  partial_output: z.string().optional(),
});

/*
 * `usage`, `status` and `error` are ours (the SDK has no such messages), so their own
 * fields are camelCase like the envelope.
 */

/**
 * Tokens consumed since the previous `usage` event of the run, typically one per model
 * call. Incremental, for live counters and budgets; summing them approximates the run's
 * total, but the `result`'s usage is the authoritative figure.
 */
export const usageEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('usage'),
  /** Model that consumed the tokens (prices differ per model). */
  model: z.string().min(1),
  /** The increment. */
  usage: usageSchema,
});

/**
 * What the harness is doing when no content is flowing, for a live indicator. Claude's
 * `system`/`status` and `system`/`api_retry` map here.
 */
export const statusEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('status'),
  /**
   * `starting` (process or runtime booting), `requesting` (waiting on the model),
   * `compacting` (summarizing the context), `retrying` (a failed model call will be retried).
   */
  status: z.enum(['starting', 'requesting', 'compacting', 'retrying']),
  /** Human-readable detail, when there is any. */
  message: z.string().optional(),
  /** Present with `retrying`: what failed and when the next attempt starts. */
  retry: z
    .object({
      /** Which attempt failed, starting at 1. */
      attempt: z.number().int().positive(),
      /** How many retries the harness allows in all. */
      maxRetries: z.number().int().nonnegative(),
      /** Milliseconds until the next attempt. */
      delayMs: z.number().nonnegative(),
      /** Class of the failure being retried. */
      errorClass: errorClassSchema,
    })
    .optional(),
});

/**
 * Something went wrong. An `error` event does not end the run by itself: a failure the
 * harness recovers from may appear here, while a fatal one is followed by a `result` with
 * `is_error: true` and the same class.
 */
export const errorEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('error'),
  /** What kind of failure, in terms a caller can act on. */
  errorClass: errorClassSchema,
  /** What happened and, where possible, what to do; never contains secrets. */
  message: z.string().min(1),
  /** Whether running the same request again later may succeed. */
  retryable: z.boolean(),
  /** Last lines of the harness process's stderr, when a process failed; secrets redacted. */
  stderrTail: z.string().optional(),
});

export type ToolProgressEvent = z.infer<typeof toolProgressEventSchema>;
export type UsageEvent = z.infer<typeof usageEventSchema>;
export type StatusEvent = z.infer<typeof statusEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
