import type { HarnessEvent } from '@lifeosai/events';
import type { PiEvent } from '../shared/pi-events.ts';
import { PiEventNormalizer, type PiNormalizerOptions } from './normalizer.ts';
import { endingOf, terminalEvents } from './terminal-events.ts';

/**
 * Normalizes a whole recorded Pi event stream (Pi's events as JSON, or as the runner sends
 * them) into the bodies a run would yield after its `system`/`init`, ending with the
 * terminal events Pi's last message implies. For fixtures, replays and the normalizer
 * benchmark; a live run adds init, watchdog and process endings around the same normalizer.
 */
export function normalizePiEvents(
  events: Iterable<PiEvent>,
  options: PiNormalizerOptions & { durationMs?: number } = {},
): HarnessEvent[] {
  const normalizer = new PiEventNormalizer(options);
  const bodies: HarnessEvent[] = [];
  for (const event of events) {
    for (const body of normalizer.push(event)) bodies.push(body);
  }
  const summary = normalizer.summary();
  bodies.push(
    ...terminalEvents(summary, endingOf(summary), {
      durationMs: options.durationMs ?? 0,
      native: normalizer.native(),
    }),
  );
  return bodies;
}
