import { z } from 'zod';
import { idSchema, nextCursorSchema, timestampSchema } from './fields.ts';
import { runTriggerSchema } from './trigger.ts';

/** Where a run is: `queued` → `running` → one of the four terminal statuses. */
const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out']);

export type RunStatus = z.infer<typeof runStatusSchema>;

/** `POST /api/agent/agents/:id/runs`. */
export const startRunBody = z
  .object({
    /** What the agent is asked. */
    prompt: z.string().min(1).max(200_000),
    /** Continue this session (the harness resumes it); omitted, a new session starts. */
    sessionId: idSchema.optional(),
    /** The same key for the same agent returns the same run (also as the `Idempotency-Key` header). */
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict();

export type StartRunBody = z.infer<typeof startRunBody>;

/** The `202` answer to a started run. */
export const startedRunSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  sessionId: z.string(),
  /** `queued`, or where the earlier run is when an idempotency key matched one. */
  status: runStatusSchema,
});

export type StartedRun = z.infer<typeof startedRunSchema>;

/** A run as the API shows it (`GET /api/agent/runs/:id`). */
export const runSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  sessionId: z.string(),
  status: runStatusSchema,
  /** What the run was asked. */
  prompt: z.string(),
  /** Who and how started it. */
  trigger: runTriggerSchema,
  /** 1 for the first execution; a retry after a crash increments it. */
  attempt: z.number().int(),
  /** Token counts of the whole run (`input_tokens`, `output_tokens`, cache fields); null before any. */
  usage: z.record(z.string(), z.number()).nullable(),
  /** What the run cost in USD; null when unknown. */
  costUsd: z.number().nullable(),
  /** True when the cost was computed from the price table, not reported by the harness. */
  costComputed: z.boolean(),
  /** Why the run failed, when it did. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  createdAt: timestampSchema,
  /** When it started executing. */
  startedAt: timestampSchema.optional(),
  /** When it reached its terminal status. */
  finishedAt: timestampSchema.optional(),
});

export type Run = z.infer<typeof runSchema>;

/** `GET /api/agent/runs` query. */
export const listRunsQuery = z.object({
  /** Only this agent's runs. */
  agentId: z.string().max(100).optional(),
  /** Only this session's runs. */
  sessionId: z.string().max(100).optional(),
  /** Only runs in this status. */
  status: runStatusSchema.optional(),
  /** Page size. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** A previous page's `nextCursor`. */
  cursor: z.string().max(100).optional(),
});

/** `GET /api/agent/runs`: a page of runs, newest first. */
export const runPageSchema = z.object({ items: z.array(runSchema), nextCursor: nextCursorSchema });

export type RunPage = z.infer<typeof runPageSchema>;
