import { type EventEnvelope, unifiedEventSchema } from '@lifeosai/events';
import { z } from 'zod';

export {
  type EventEnvelope,
  type EventType,
  eventEnvelopeSchema,
  eventTypes,
  type UnifiedEvent,
  type UnifiedEventOf,
  unifiedEventSchema,
} from '@lifeosai/events';

/**
 * An event as a client must be ready to receive it: the envelope and a `type`, which may be one
 * this client was built without (a newer server). Contract: a client shows such an event in a
 * generic way and never drops it; an event whose `type` is in `eventTypes` has that type's shape.
 */
export type WireEvent = EventEnvelope & { type: string; [field: string]: unknown };

/** `GET /api/agent/runs/:id/events` query. */
export const runEventsQuery = z.object({
  /** Events after this seq (0: from the first). */
  after: z.coerce.number().int().min(0).default(0),
  /** Page size. */
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** `GET /api/agent/runs/:id/events`: a page of the run's events in seq order. */
export const runEventsPageSchema = z.object({
  items: z.array(unifiedEventSchema),
  /** Send back as `after` for the next page; null when this page is the last one so far. */
  nextAfter: z.number().int().nullable(),
});

export type RunEventsPage = z.infer<typeof runEventsPageSchema>;
