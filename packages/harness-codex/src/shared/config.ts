import { z } from 'zod';

/** Reasoning efforts Codex 0.163 accepts (`model_reasoning_effort`). */
export const reasoningEfforts = ['minimal', 'low', 'medium', 'high', 'xhigh'] as const;

/**
 * An agent's `adapterConfig` for the Codex harness. Strict, so a typo is a 400 naming the
 * field instead of a setting silently ignored. MCP servers, skills and permissions are not
 * here: the platform resolves them from the agent and passes them in the `RunContext`, the
 * same way for every harness.
 */
export const codexConfigSchema = z.strictObject({
  /** Model id sent to the Responses API; absent for the harness's default (`metadata.ts`). */
  model: z.string().min(1).optional(),
  /** How hard the model thinks (`model_reasoning_effort`); absent for the model's own default. */
  reasoningEffort: z.enum(reasoningEfforts).optional(),
  /**
   * Retries of a failed model call: Codex's `request_max_retries` and `stream_max_retries`
   * of the provider. 0 turns retrying off (a failure ends the run at once).
   */
  maxRetries: z.number().int().min(0).max(10).default(2),
});

/** The validated config a run receives as `RunContext.config`. */
export type CodexConfig = z.infer<typeof codexConfigSchema>;
