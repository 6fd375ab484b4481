import { z } from 'zod';

const tokenCount = z.number().int().nonnegative();

/**
 * Token usage, in the Anthropic Messages API's terms (the SDK's `usage`). The four counts
 * are disjoint: `input_tokens` excludes tokens read from or written to the prompt cache,
 * so a price is `input·in + output·out + cache_creation·write + cache_read·read`.
 * Harnesses whose providers report cached tokens inside the prompt count (OpenAI, Google)
 * subtract them first — Pi already does.
 */
export const usageSchema = z.object({
  /** Prompt tokens that were neither read from nor written to the cache. */
  input_tokens: tokenCount,
  /** Generated tokens, thinking included. */
  output_tokens: tokenCount,
  /** Prompt tokens written to the cache (billed at the cache-write price). */
  cache_creation_input_tokens: tokenCount,
  /** Prompt tokens read from the cache (billed at the cache-read price). */
  cache_read_input_tokens: tokenCount,
});

export type Usage = z.infer<typeof usageSchema>;

/**
 * Per-model totals for a run, keyed by model id on the result (the SDK's `ModelUsage`,
 * camelCase as the SDK spells it). Fields the SDK always has and other harnesses may not
 * know are optional.
 */
export const modelUsageSchema = z.object({
  /** Prompt tokens outside the cache. */
  inputTokens: tokenCount,
  /** Generated tokens, thinking included. */
  outputTokens: tokenCount,
  /** Prompt tokens read from the cache. */
  cacheReadInputTokens: tokenCount,
  /** Prompt tokens written to the cache. */
  cacheCreationInputTokens: tokenCount,
  /** Server-side web searches the model ran, when the harness reports them. */
  webSearchRequests: tokenCount.optional(),
  /** Cost of this model's share of the run in USD; null when no price is known. */
  costUSD: z.number().nonnegative().nullable(),
  /** The model's context window in tokens, when known. */
  contextWindow: tokenCount.optional(),
  /** The model's output limit in tokens, when known. */
  maxOutputTokens: tokenCount.optional(),
});

export type ModelUsage = z.infer<typeof modelUsageSchema>;

/** A usage with every count at zero: the start of a sum. */
export function emptyUsage(): Usage {
  return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
}

/** The sum of two usages. Neither argument is changed. */
export function addUsage(total: Usage, increment: Usage): Usage {
  return {
    input_tokens: total.input_tokens + increment.input_tokens,
    output_tokens: total.output_tokens + increment.output_tokens,
    cache_creation_input_tokens: total.cache_creation_input_tokens + increment.cache_creation_input_tokens,
    cache_read_input_tokens: total.cache_read_input_tokens + increment.cache_read_input_tokens,
  };
}
