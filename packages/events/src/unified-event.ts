import { z } from 'zod';
import { envelopeShape } from './envelope.ts';
import type { EventType } from './harness-event.ts';
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
 * A unified event: envelope + body. This is what is persisted, returned by the events API
 * and sent as SSE `data`. Built member by member (not as `envelope & body`) so the union
 * stays discriminated on `type` and validation errors name the exact field.
 */
export const unifiedEventSchema = z.discriminatedUnion('type', [
  z.discriminatedUnion('subtype', [
    systemInitEventSchema.safeExtend(envelopeShape),
    systemCompactBoundaryEventSchema.safeExtend(envelopeShape),
  ]),
  streamEventSchema.safeExtend(envelopeShape),
  assistantEventSchema.safeExtend(envelopeShape),
  userEventSchema.safeExtend(envelopeShape),
  toolProgressEventSchema.safeExtend(envelopeShape),
  permissionRequestEventSchema.safeExtend(envelopeShape),
  permissionResolvedEventSchema.safeExtend(envelopeShape),
  usageEventSchema.safeExtend(envelopeShape),
  statusEventSchema.safeExtend(envelopeShape),
  errorEventSchema.safeExtend(envelopeShape),
  resultEventSchema.safeExtend(envelopeShape),
]);

export type UnifiedEvent = z.infer<typeof unifiedEventSchema>;

/** The unified event of one type, e.g. `UnifiedEventOf<'result'>`. */
export type UnifiedEventOf<Type extends EventType> = Extract<UnifiedEvent, { type: Type }>;

/** Outcome of `parseUnifiedEvent`: the event, or a message saying what is wrong and where. */
export type ParseUnifiedEventResult =
  | {
      /** The input is a valid unified event. */
      ok: true;
      /** The validated event, without fields the schema does not define. */
      event: UnifiedEvent;
    }
  | {
      /** The input is not a valid unified event. */
      ok: false;
      /** Every problem found, each as `path: what is wrong`, separated by `; `. */
      error: string;
    };

/**
 * Validates a unified event arriving from outside (a database row, an SSE message, a
 * file). Accepts JSON text or an already-parsed value. Never throws: a bad input is
 * expected at a boundary, so it comes back as `{ok: false, error}` naming each bad
 * field.
 */
export function parseUnifiedEvent(json: unknown): ParseUnifiedEventResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, error: `invalid unified event: not JSON (${(error as Error).message})` };
    }
  }
  const parsed = unifiedEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(event)';
    return `${where}: ${issue.message}`;
  });
  const label = labelOf(value);
  return { ok: false, error: `invalid unified event${label}: ${problems.join('; ')}` };
}

function labelOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const { type, seq } = value as { type?: unknown; seq?: unknown };
  const parts = [
    typeof type === 'string' ? `type "${type}"` : '',
    typeof seq === 'number' ? `seq ${seq}` : '',
  ];
  const known = parts.filter((part) => part !== '');
  return known.length > 0 ? ` (${known.join(', ')})` : '';
}
