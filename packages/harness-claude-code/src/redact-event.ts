import type { HarnessEvent } from '@lifeosai/events';
import { redactText } from './stderr-tail.ts';

/**
 * The event with every secret replaced by `[redacted]`, wherever it appears (a tool result
 * that printed the environment, an error message quoting a header). The common case — no
 * secret anywhere — costs one serialization and returns the event unchanged.
 */
export function redactEvent(event: HarnessEvent, secrets: readonly string[]): HarnessEvent {
  const present = secrets.filter((secret) => secret.length > 0);
  if (present.length === 0) return event;
  const serialized = JSON.stringify(event);
  if (!present.some((secret) => serialized.includes(secret))) return event;
  return redactValue(event, present) as HarnessEvent;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactText(key, secrets), redactValue(item, secrets)]),
    );
  }
  return value;
}
