import { unifiedEventSchema } from '@lifeosai/events';
import { z } from 'zod';
import { timestampSchema } from './fields.ts';
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
  /** Its runs, oldest first. */
  runs: z.array(sessionRunSchema),
});

export type Session = z.infer<typeof sessionSchema>;
