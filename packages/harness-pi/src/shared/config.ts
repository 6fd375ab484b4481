import { z } from 'zod';

/** Thinking levels Pi understands; `off` sends no reasoning parameters at all. */
const thinkingLevels = ['off', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

/**
 * An agent's `adapterConfig` for the Pi harness. Strict: a misspelled key is a 400 naming
 * the field, not a setting silently ignored.
 */
export const piConfigSchema = z.strictObject({
  /** Which provider API Pi speaks: Anthropic Messages, OpenAI chat completions (any compatible server), or Google. */
  provider: z.enum(['anthropic', 'openai', 'google']).default('anthropic'),
  /** Model id sent to the provider; absent for the provider's default in the catalog. */
  model: z.string().min(1).optional(),
  /**
   * The agent's own base URL for its provider, e.g. a local OpenAI-compatible server (SDK
   * convention: OpenAI-compatible with `/v1`, Anthropic and Gemini without a version). The
   * platform resolves it as the agent's credential source: calls reach it through the LLM
   * proxy, with the agent's own key if it names one, never a key from another source.
   */
  baseUrl: z.url().optional(),
  /** Retries of a failed model call (Pi's own retry loop); 0 turns retrying off. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** Reasoning effort; anything but `off` marks the model as a reasoning model for Pi. */
  thinking: z.enum(thinkingLevels).default('off'),
});

/** The validated config a run receives as `RunContext.config`. */
export type PiConfig = z.infer<typeof piConfigSchema>;

/** A provider this harness can talk to. */
export type PiProvider = PiConfig['provider'];

/** A thinking level from the config. */
export type PiThinkingLevel = PiConfig['thinking'];
