import type { RunTrigger } from '@lifeosai/api-contract';
import type { TriggerColumns } from '@lifeosai/db';
import type { Identity } from '../http/identity.ts';

/** A trigger as its columns hold it (`TriggerColumns` as read). */
export type StoredTrigger = {
  [K in keyof TriggerColumns]-?: K extends 'triggerKind' ? RunTrigger['kind'] : string | null;
};

/**
 * How a request through the gateway starts a run: a person in the web app (session cookie) is
 * `user`, a program with an API key is `api` — `by` the user either way (the key's owner). An
 * agent calling back with its run token is `api` by the agent.
 */
export function triggerOf(identity: Identity): RunTrigger {
  return {
    kind: identity.via === 'session' && !identity.agent ? 'user' : 'api',
    by: identity.userId,
    ...(identity.name && { byName: identity.name }),
  };
}

/** The stored columns of a trigger (runs, and a session's first run). */
export function triggerColumns(trigger: RunTrigger): StoredTrigger {
  return {
    triggerKind: trigger.kind,
    triggerBy: trigger.by ?? null,
    triggerByName: trigger.byName ?? null,
  };
}

/** A stored trigger as the API shows it (`trigger` on runs, `startedBy` on sessions). */
export function triggerView(row: StoredTrigger): RunTrigger {
  return {
    kind: row.triggerKind,
    ...(row.triggerBy !== null && { by: row.triggerBy }),
    ...(row.triggerByName !== null && { byName: row.triggerByName }),
  };
}

/** The user a trigger names as the author of what it starts: a person (`user`, `api`), else none. */
export function authorOf(trigger: RunTrigger): string | null {
  return trigger.kind === 'user' || trigger.kind === 'api' ? (trigger.by ?? null) : null;
}
