import type { Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { EventBus } from './event-bus.ts';

/**
 * `create` memoized per database and bus: what an instance holds once for everything it does
 * through them (the run readers, the event appender), reached from any route or executor
 * without wiring, and dropped with them.
 */
export function onePerInstance<T>(
  create: (db: Kysely<Database>, bus: EventBus) => T,
): (db: Kysely<Database>, bus: EventBus) => T {
  const made = new WeakMap<Kysely<Database>, WeakMap<EventBus, T>>();
  return (db, bus) => {
    let byBus = made.get(db);
    if (!byBus) {
      byBus = new WeakMap();
      made.set(db, byBus);
    }
    if (!byBus.has(bus)) byBus.set(bus, create(db, bus));
    return byBus.get(bus)!;
  };
}
