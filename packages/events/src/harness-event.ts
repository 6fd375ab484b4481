import { z } from 'zod';
import { assistantEventSchema, streamEventSchema, userEventSchema } from './message-events.ts';
import { permissionRequestEventSchema, permissionResolvedEventSchema } from './permission-events.ts';
import { resultEventSchema } from './result-event.ts';
import {
  errorEventSchema,
  statusEventSchema,
  toolProgressEventSchema,
  usageEventSchema,
} from './run-events.ts';
import { systemCompactBoundaryEventSchema, systemInitEventSchema } from './system-event.ts';

/**
 * An event body: what a harness yields, before the platform numbers and stamps it.
 *
 * Why bodies and envelopes are separate: a harness cannot know `seq` (the platform assigns
 * it when persisting, so ordering stays gap-free across retries and instances) nor the
 * platform's run, session and agent ids, so asking it to fill them would only invite
 * mistakes. The harness speaks bodies; the platform adds the envelope with `withEnvelope`.
 */
export const harnessEventSchema = z.discriminatedUnion('type', [
  z.discriminatedUnion('subtype', [systemInitEventSchema, systemCompactBoundaryEventSchema]),
  streamEventSchema,
  assistantEventSchema,
  userEventSchema,
  toolProgressEventSchema,
  permissionRequestEventSchema,
  permissionResolvedEventSchema,
  usageEventSchema,
  statusEventSchema,
  errorEventSchema,
  resultEventSchema,
]);

export type HarnessEvent = z.infer<typeof harnessEventSchema>;

/** The `type` of an event: `system`, `stream_event`, `assistant`, …, `result`. */
export type EventType = HarnessEvent['type'];

/** The literal `type` of one member of the union (a nested union's members share theirs). */
function typeOf(member: (typeof harnessEventSchema.options)[number]): EventType {
  return 'options' in member ? member.options[0].shape.type.value : member.shape.type.value;
}

/**
 * Every event `type`, in the union's order: read from the schemas above, so a new event type
 * joins this list (and the API contract's and OpenAPI's) by being added to the union.
 */
export const eventTypes: readonly EventType[] = harnessEventSchema.options.map(typeOf);
