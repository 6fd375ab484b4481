import type { AgentSession } from '@earendil-works/pi-coding-agent';
import { type PiEvent, toWireEvent } from '../shared/pi-events.ts';

/**
 * Subscribes to a Pi session and hands each event the normalizer needs to `deliver`, in
 * order, as the runner sends it (see `toWireEvent`). `deliver` receives a thunk so that a
 * caller deferring delivery by a microtask (the runner's channel) reads `message_end`'s
 * session entry id after Pi has persisted the message. Returns the unsubscribe function.
 */
export function forwardPiEvents(session: AgentSession, deliver: (build: () => PiEvent) => void): () => void {
  return session.subscribe((event) => {
    const wire = toWireEvent(event as unknown as PiEvent);
    if (wire === undefined) return;
    if (event.type !== 'message_end') {
      deliver(() => wire);
      return;
    }
    const message = event.message;
    deliver(() => {
      const entryId = entryIdOf(session, message);
      return entryId === undefined ? wire : { ...wire, entryId };
    });
  });
}

/** The id of the session entry Pi stored for `message` (the newest entry, normally). */
function entryIdOf(session: AgentSession, message: unknown): string | undefined {
  const manager = session.sessionManager;
  const leaf = manager.getLeafEntry();
  if (leaf?.type === 'message' && leaf.message === message) return leaf.id;
  const entries = manager.getEntries();
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index]!;
    if (entry.type === 'message' && entry.message === message) return entry.id;
  }
  return undefined;
}
