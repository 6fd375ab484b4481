import { z } from 'zod';

/**
 * An agent's `adapterConfig` for Claude Code. Strict, so a typo (`maxTurn`) is a 400 that
 * names the field instead of a setting silently ignored. MCP servers, skills and
 * permissions are not here: the platform resolves them from the agent and passes them in
 * the `RunContext`, the same way for every harness.
 */
export const claudeCodeConfigSchema = z.strictObject({
  /** Model id or alias (`claude-sonnet-4-6`, `opus`); absent for Claude Code's default. */
  model: z.string().min(1).optional(),
  /** Most model round-trips in one run; absent for no limit. */
  maxTurns: z.number().int().positive().optional(),
  /**
   * Retries of a failed model call (5xx, 429, connection errors), passed to Claude Code as
   * `CLAUDE_CODE_MAX_RETRIES`. Its own default is 10 with long backoff, which hides an
   * outage from the run for minutes; 2 surfaces it quickly.
   */
  maxRetries: z.number().int().nonnegative().max(20).default(2),
  /** Tools that run without a permission check by Claude Code itself (e.g. `Bash(git:*)`). */
  allowedTools: z.array(z.string().min(1)).optional(),
  /** Tools removed from the model's view (e.g. `WebSearch`). */
  disallowedTools: z.array(z.string().min(1)).optional(),
});

/** A validated Claude Code config, defaults applied. */
export type ClaudeCodeConfig = z.infer<typeof claudeCodeConfigSchema>;
