import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** `active` runs; `paused` refuses new runs (by its owner, or when its budget is spent). */
const agentStatusSchema = z.enum(['active', 'paused']);

/**
 * Who reads an agent's conversations: `private`, each member only their own (the agent's
 * creator and the organization's admins also read those no person started — heartbeat,
 * channel, phone); `organization`, every member reads all of them.
 */
export const agentVisibilitySchema = z.enum(['private', 'organization']);

export type AgentVisibility = z.infer<typeof agentVisibilitySchema>;

/** What an agent is doing now, for its card: one word for it and the counts behind it. */
export const agentActivitySchema = z.object({
  /**
   * `paused` (see `pausedReason`), else `waiting_for_permission` when one of its runs the caller
   * may read waits on a person's answer, else `running` with a queued or running run, else `idle`.
   */
  state: z.enum(['idle', 'running', 'waiting_for_permission', 'paused']),
  /** Its queued and running runs (everyone's: they hold its run slots). */
  activeRuns: z.number().int(),
  /** Permission requests waiting for an answer in running runs the caller may read. */
  pendingPermissions: z.number().int(),
});

export type AgentActivity = z.infer<typeof agentActivitySchema>;

/** An agent as the API shows it (`GET /api/agent/agents/:id`, and what create and patch return). */
export const agentSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Extra system instructions given to the harness; empty when none. */
  instructions: z.string(),
  /** The harness it runs in: `claude-code`, `pi` or another registered harness id. */
  adapterType: z.string(),
  /** As validated by the harness's schema and the platform's shared part (see `AgentInput`). */
  adapterConfig: z.record(z.string(), z.unknown()),
  /** The heartbeat as given (see `AgentInput.heartbeat`); null when it wakes only on demand. */
  heartbeat: z.record(z.string(), z.unknown()).nullable(),
  /** The limits in force, defaults filled in. */
  limits: z.object({
    /** Runs of this agent at the same time. */
    maxConcurrentRuns: z.number().int(),
    /** A run still going after this long ends as `timed_out`. */
    runTimeoutSec: z.number().int(),
    /** Monthly spend limit in USD; reaching it pauses the agent. Null: no limit. */
    monthlyBudgetUsd: z.number().nullable(),
  }),
  /** Who reads its conversations (see `agentVisibilitySchema`); `private` unless set. */
  visibility: agentVisibilitySchema,
  /** Ids of the OAuth connections it is granted; empty when none. */
  connections: z.array(z.string()),
  /** Ids of the plugins it enables; empty when none. */
  plugins: z.array(z.string()),
  status: agentStatusSchema,
  /** Why the agent is paused, in words for its owner; null when active. */
  pausedReason: z.string().nullable(),
  /** What it is doing now. */
  activity: agentActivitySchema,
  /**
   * When its heartbeat next looks at it: the next scheduled slot inside its active hours. It
   * wakes then only when its inbox has an item due (the check costs no tokens). Null when it has
   * no heartbeat, the heartbeat is off, or the agent is paused.
   */
  nextWakeAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type Agent = z.infer<typeof agentSchema>;

/** `GET /api/agent/agents`: the organization's agents, oldest id first. */
export const agentListSchema = z.object({ items: z.array(agentSchema) });
