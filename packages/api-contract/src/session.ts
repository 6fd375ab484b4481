import { unifiedEventSchema } from '@lifeosai/events';
import { z } from 'zod';
import { idSchema, nextCursorSchema, timestampSchema } from './fields.ts';
import { runSchema } from './run.ts';
import { runTriggerSchema } from './trigger.ts';

/**
 * Event types that make up the conversation a person reads back: the messages, the run's
 * outcome, and the permission requests with how each was answered (so a reload shows the
 * earlier runs' decisions, not only the text around them).
 */
export const conversationEventTypes = [
  'user',
  'assistant',
  'permission_request',
  'permission_resolved',
  'result',
] as const satisfies readonly z.infer<typeof unifiedEventSchema>['type'][];

/** A run of a session with its conversation events. */
const sessionRunSchema = runSchema.extend({
  /** The run's `conversationEventTypes` events, in seq order. */
  events: z.array(unifiedEventSchema),
});

/** `GET /api/agent/sessions/:id`: a session with its conversation so far. */
export const sessionSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  /** The harness the session's runs use (a session stays in one harness). */
  harness: z.string(),
  /** A person's title for it; null until one is given. */
  title: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /**
   * Where a forked session's conversation came from: its first runs are the source's, up to
   * and including `runId` (those runs keep the source's `sessionId`). Null when not forked.
   */
  forkedFrom: z
    .object({
      /** The session forked. */
      sessionId: z.string(),
      /** The source's last run the fork keeps; null when the source had no finished run. */
      runId: z.string().nullable(),
    })
    .nullable(),
  /** Its conversation's runs, oldest first: a fork's inherited runs, then its own. */
  runs: z.array(sessionRunSchema),
});

export type Session = z.infer<typeof sessionSchema>;

/** `POST /api/agent/sessions/:id/fork`: answers `201` with the new session (`sessionSchema`). */
export const forkSessionBody = z
  .object({
    /**
     * The last run the fork keeps, with every run before it; a run of the session's
     * conversation that has finished. Absent: up to the session's last finished run.
     */
    atRunId: idSchema.optional(),
  })
  .strict();

export type ForkSessionBody = z.infer<typeof forkSessionBody>;

/** One conversation in an agent's list (`GET /api/agent/agents/:id/sessions`). */
export const sessionSummarySchema = z.object({
  id: z.string(),
  /** The title a person gave it, else the start of its first message; null when it has none. */
  title: z.string().nullable(),
  /** When its last run was started or ended (or the session created, before any run). */
  lastActivityAt: timestampSchema,
  /** Who and how started its first run. */
  startedBy: runTriggerSchema,
});

export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** `GET /api/agent/agents/:id/sessions` query. */
export const listSessionsQuery = z.object({
  /** Only conversations whose title or messages contain this text (case-insensitive). */
  q: z.string().max(200).optional(),
  /** Page size. */
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** A previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});

export type ListSessionsQuery = z.infer<typeof listSessionsQuery>;

/** `GET /api/agent/agents/:id/sessions`: the conversations the caller may read, latest activity first. */
export const sessionPageSchema = z.object({
  items: z.array(sessionSummarySchema),
  nextCursor: nextCursorSchema,
});

export type SessionPage = z.infer<typeof sessionPageSchema>;

/** `PATCH /api/agent/sessions/:id` (a JSON merge patch): `title: null` goes back to the derived title. */
export const patchSessionBody = z
  .object({
    /** The conversation's title. */
    title: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .strict();

export type PatchSessionBody = z.infer<typeof patchSessionBody>;
