import { z } from 'zod';
import { reasoningEfforts } from './config.ts';

/*
 * The messages between the host (the RunHandle, in the service) and the runner (the child
 * process that drives Codex through its SDK, inside the run's sandbox), over Node's IPC
 * channel. Both sides parse what they receive: the channel is a process boundary.
 *
 * Secrets travel here, never in argv and never in the runner's own environment: the API key
 * (handed to the codex process alone, in the variable its provider config names) and the
 * MCP servers' settings inside `configToml` (which the runner writes, mode 0600, into the
 * run's own CODEX_HOME).
 */

/** Everything the runner needs for one run. */
export const runnerOptionsSchema = z.object({
  /** Codex's home for this agent (`<dataDir>/codex`): config, sessions, skills. */
  codexHome: z.string().min(1),
  /** The whole `config.toml` to write there before Codex starts. */
  configToml: z.string(),
  /** The provider key (the run's proxy token), when one is configured. */
  apiKey: z.string().optional(),
  /** The variable Codex's provider config reads the key from (`env_key`). */
  apiKeyVariable: z.string().min(1),
  /** Model id for the Responses API. */
  model: z.string().min(1),
  /** `model_reasoning_effort`, when the agent sets one. */
  reasoningEffort: z.enum(reasoningEfforts).optional(),
  /** The workspace. */
  cwd: z.string().min(1),
  /** The user message of this turn. */
  prompt: z.string(),
  /** The Codex thread to resume; absent for a new one. */
  threadId: z.string().min(1).optional(),
  /** Whether `configToml` holds the harness's PreToolUse hook, which Codex must then run untrusted-by-review. */
  trustHooks: z.boolean(),
  /** Skill folders to link into `$CODEX_HOME/skills`. */
  skills: z.array(z.object({ name: z.string().min(1), path: z.string().min(1) })),
});

export type RunnerOptions = z.infer<typeof runnerOptionsSchema>;

/** Host → runner. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: runnerOptionsSchema }),
]);

export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Runner → host. */
export const runnerMessageSchema = z.discriminatedUnion('type', [
  /** One line of `codex exec --experimental-json`, parsed by the SDK. */
  z.object({ type: z.literal('codex_event'), event: z.looseObject({ type: z.string() }) }),
  /** Codex's stream ended and its process exited cleanly. */
  z.object({ type: z.literal('done') }),
  /** The runner could not start Codex, or Codex exited without finishing its turn. */
  z.object({ type: z.literal('failed'), message: z.string().min(1) }),
]);

export type RunnerMessage = z.infer<typeof runnerMessageSchema>;
