import { type Database, listRunEvents } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { type RunEnding, runEnding } from '../domain/runs/index.ts';
import type { EventBus } from '../events/event-bus.ts';

/** How often a followed run is re-read when no notice came (the bus delivers at most once). */
const recheckMs = 1_000;

/**
 * Follows a run wherever it executes (this instance or another: the bus carries notices, the
 * database the events) until it ends, telling `onPermissionRequest` each time it starts waiting
 * for a permission. Resolves with its ending; undefined when `signal` aborts first.
 */
export async function followRun(
  deps: { db: Kysely<Database>; bus: EventBus },
  runId: string,
  options: { onPermissionRequest(): void; signal: AbortSignal },
): Promise<RunEnding | undefined> {
  let seen = 0;
  let noticed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = deps.bus.subscribe(runId, () => {
    noticed = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  options.signal.addEventListener('abort', onAbort);
  try {
    while (!options.signal.aborted) {
      noticed = false;
      const events = await listRunEvents(deps.db, runId, { after: seen });
      for (const event of events) {
        seen = event.seq;
        if (event.type === 'permission_request') options.onPermissionRequest();
      }
      const ending = await runEnding(deps.db, runId);
      if (ending) return ending;
      if (events.length > 0 || noticed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, recheckMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    return undefined;
  } finally {
    unsubscribe();
    options.signal.removeEventListener('abort', onAbort);
  }
}
