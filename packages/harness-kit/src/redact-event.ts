import type { HarnessEvent } from '@lifeosai/events';
import { redactValues } from '@lifeosai/secrets/redactor';

/**
 * The event with every secret masked by the platform's one redaction rule, wherever it
 * appears (a tool result that printed the environment, an error message quoting a header,
 * an object key). The common case — no secret anywhere — costs one serialization and returns
 * the event itself.
 */
export function redactEvent<Event extends HarnessEvent>(event: Event, secrets: readonly string[]): Event {
  if (secrets.length === 0) return event;
  const serialized = JSON.stringify(event);
  if (redactValues(serialized, secrets) === serialized) return event;
  return redactValue(event, secrets) as Event;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactValues(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactValues(key, secrets), redactValue(item, secrets)]),
    );
  }
  return value;
}
