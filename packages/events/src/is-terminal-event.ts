import type { HarnessEvent } from './harness-event.ts';
import type { UnifiedEvent } from './unified-event.ts';

/**
 * True for the event that ends a run — the `result`. Works on bodies and unified events.
 * A run's stream closes after it; nothing follows it.
 */
export function isTerminalEvent<Event extends HarnessEvent | UnifiedEvent>(
  event: Event,
): event is Extract<Event, { type: 'result' }> {
  return event.type === 'result';
}
