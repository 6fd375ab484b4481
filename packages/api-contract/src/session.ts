import { unifiedEventSchema } from '@lifeosai/events';
import { z } from 'zod';
import { idSchema, timestampSchema } from './fields.ts';
import { runSchema } from './run.ts';

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
