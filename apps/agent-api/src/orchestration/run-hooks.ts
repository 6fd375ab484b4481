import type { Run } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';

/** Something that hears runs' events and ends (push notifications, channels). */
export interface RunHearer {
  runEvent(run: Run, event: UnifiedEvent): void;
  runEnded(run: Run, status: Run['status']): void;
}

/**
 * The orchestrator's `onRunEvent`/`onRunEnded`, told to every hearer in order. Hearers are read
 * when a run reports, so one created after the orchestrator (the channel runtime wakes it) joins.
 */
export function runHooks(hearers: () => ReadonlyArray<RunHearer | undefined>) {
  return {
    onRunEvent: (run: Run, event: UnifiedEvent) => {
      for (const hearer of hearers()) hearer?.runEvent(run, event);
    },
    onRunEnded: (run: Run, status: Run['status']) => {
      for (const hearer of hearers()) hearer?.runEnded(run, status);
    },
  };
}
