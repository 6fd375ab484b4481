import { z } from 'zod';
import { bodyBaseShape } from './native-ids.ts';

/**
 * Session metadata, emitted once near the start of a run before any model output (the
 * SDK's `system`/`init`). It is where the native session id first appears.
 */
export const systemInitEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('system'),
  /** Which system event. */
  subtype: z.literal('init'),
  /** The model the harness resolved for this run. */
  model: z.string().min(1),
  /** Names of the tools the model can call, as they appear in `tool_use` blocks. */
  tools: z.array(z.string()),
  /** Working directory the agent runs in. */
  cwd: z.string().min(1),
  /** MCP servers and their connection state (`connected`, `failed`, `pending`, …). */
  mcp_servers: z.array(
    z.object({
      /** Server name as configured. */
      name: z.string(),
      /** Connection state as the harness reports it. */
      status: z.string(),
    }),
  ),
  /**
   * Effective permission mode: Claude's native mode (`default`, `dontAsk`, …), or for
   * harnesses without modes the platform policy's default (`allow`, `ask`, `deny`).
   */
  permissionMode: z.string().min(1),
  /** Names of the skills loaded, when the harness supports skills. */
  skills: z.array(z.string()).optional(),
  /** Version of the harness runtime (Claude Code, Pi, …), for support and bug reports. */
  harness_version: z.string().optional(),
});

/**
 * The harness compacted the conversation to fit the context window (the SDK's
 * `system`/`compact_boundary`). Later turns see a summary instead of earlier messages.
 */
export const systemCompactBoundaryEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('system'),
  /** Which system event. */
  subtype: z.literal('compact_boundary'),
  /** What the compaction did. */
  compact_metadata: z.object({
    /** Whether the user asked for it or the harness decided. */
    trigger: z.enum(['manual', 'auto']),
    /** Context size in tokens before compacting. */
    pre_tokens: z.number().int().nonnegative(),
    /** Context size in tokens after compacting, when known. */
    post_tokens: z.number().int().nonnegative().optional(),
  }),
});

export type SystemInitEvent = z.infer<typeof systemInitEventSchema>;
export type SystemCompactBoundaryEvent = z.infer<typeof systemCompactBoundaryEventSchema>;
export type SystemEvent = SystemInitEvent | SystemCompactBoundaryEvent;
