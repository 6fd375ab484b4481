import { z } from 'zod';
import type { HarnessEvent } from './harness-event.ts';
import { EVENT_SCHEMA_VERSION } from './version.ts';

const id = z.string().min(1);

/** The platform's fields on every persisted or streamed event. */
export const envelopeShape = {
  /** Version of the event schema the event was written with (`EVENT_SCHEMA_VERSION`). */
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  /** Position in the run: 1 for the first event, +1 for each next, no gaps. It is the SSE `id`. */
  seq: z.number().int().positive(),
  /** The run this event belongs to. */
  runId: id,
  /** The platform session (conversation) the run belongs to; not the harness's native id. */
  sessionId: id,
  /** The agent that ran. */
  agentId: id,
  /** Id of the harness that produced the event (`claude-code`, `pi`, …). */
  harness: id,
  /** When the platform received the event (ISO 8601). */
  ts: z.iso.datetime({ offset: true }),
};

export const eventEnvelopeSchema = z.object(envelopeShape);

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** The envelope fields a caller supplies; `withEnvelope` adds `schemaVersion`. */
export type EnvelopeFields = Omit<EventEnvelope, 'schemaVersion'>;

/**
 * Stamps a harness event with the platform's envelope. The envelope wins over any
 * same-named key on the body. Does not validate: bodies are validated where they enter
 * (the normalizer), and the caller owns the envelope.
 */
export function withEnvelope<Body extends HarnessEvent>(
  body: Body,
  envelope: EnvelopeFields,
): Body & EventEnvelope {
  return { ...body, ...envelope, schemaVersion: EVENT_SCHEMA_VERSION };
}
