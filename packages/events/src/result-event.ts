import { z } from 'zod';
import { errorClassSchema } from './error-class.ts';
import { bodyBaseShape } from './native-ids.ts';
import { modelUsageSchema, usageSchema } from './usage.ts';

/**
 * How the run ended, as the SDK's result subtypes say it. Failures without an SDK subtype
 * of their own (cancel, timeouts, a crashed process, a provider error) are
 * `error_during_execution`, told apart by `error_class`.
 */
export const resultSubtypeSchema = z.enum([
  'success',
  'error_during_execution',
  'error_max_turns',
  'error_max_budget_usd',
  'error_max_structured_output_retries',
]);

/**
 * The terminal event: every run ends with exactly one, and nothing follows it. Shaped like
 * the SDK's `result`; the fields we add (`cost_computed`, `error_class`) are snake_case to
 * match their neighbours.
 *
 * Usage, model usage and cost cover this run only. The SDK's figures are cumulative over
 * the native session (a resumed or forked session's first result already includes the
 * earlier turns), so the Claude adapter subtracts what the session had reported before.
 */
export const resultEventSchema = z
  .object({
    ...bodyBaseShape,
    /** Event type. */
    type: z.literal('result'),
    /** How the run ended. */
    subtype: resultSubtypeSchema,
    /**
     * True when the run failed. Always true for the error subtypes; may be true with
     * `success` when the last model call failed after the turn began (as in the SDK).
     */
    is_error: z.boolean(),
    /** The final assistant text, when the run produced one. */
    result: z.string().optional(),
    /** Human-readable error messages, when `is_error`. */
    errors: z.array(z.string()).optional(),
    /** Class of the failure; present exactly when `is_error`. */
    error_class: errorClassSchema.optional(),
    /** The last model response's stop reason (`end_turn`, `max_tokens`, …), when known. */
    stop_reason: z.string().nullable().optional(),
    /** Tokens of this run, all models and subagents together (the SDK's `usage` is main-loop only). */
    usage: usageSchema,
    /** Totals per model id; empty when the harness reports none. */
    modelUsage: z.record(z.string(), modelUsageSchema),
    /** Cost of this run in USD; null when neither the harness nor the price table knows it. */
    total_cost_usd: z.number().nonnegative().nullable(),
    /** True when the platform computed the cost from its price table, not the harness. */
    cost_computed: z.boolean(),
    /** Model round-trips in the run. */
    num_turns: z.number().int().nonnegative(),
    /** Wall-clock duration of the run in milliseconds. */
    duration_ms: z.number().nonnegative(),
    /** Time spent waiting on the model API in milliseconds, when known. */
    duration_api_ms: z.number().nonnegative().optional(),
  })
  .superRefine((result, context) => {
    if (result.subtype !== 'success' && !result.is_error) {
      context.addIssue({
        code: 'custom',
        path: ['is_error'],
        message: `must be true when subtype is "${result.subtype}"`,
      });
    }
    if (result.is_error !== (result.error_class !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['error_class'],
        message: result.is_error
          ? 'is required when is_error is true'
          : 'must be absent when is_error is false',
      });
    }
  });

export type ResultSubtype = z.infer<typeof resultSubtypeSchema>;
export type ResultEvent = z.infer<typeof resultEventSchema>;
