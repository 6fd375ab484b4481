import type { AgentActivity, Agent as AgentView } from '@lifeosai/api-contract';
import type { Agent, Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { Identity } from '../http/identity.ts';
import { type HeartbeatSettings, nextSlot } from '../orchestration/heartbeat.ts';
import { toAgentView } from './agents.ts';
import { activeRunCounts, openPermissionCounts } from './runs/index.ts';
import { readableSessionIds } from './sessions/readers.ts';

/**
 * The agents as the API shows them, each with what it is doing now and its heartbeat's next
 * slot: two grouped reads for the whole list (active runs, open permission requests), never
 * one per agent.
 */
export async function agentViews(
  db: Kysely<Database>,
  identity: Identity,
  agents: readonly Agent[],
  now = new Date(),
): Promise<AgentView[]> {
  const ids = agents.map((agent) => agent.id);
  if (ids.length === 0) return [];
  const [activeRuns, pending] = await Promise.all([
    activeRunCounts(db, ids),
    openPermissionCounts(db, ids, readableSessionIds(db, identity)),
  ]);
  return agents.map((agent) => {
    const activity = activityOf(agent, activeRuns.get(agent.id) ?? 0, pending.get(agent.id) ?? 0);
    return { ...toAgentView(agent), activity, nextWakeAt: nextWakeAt(agent, now) };
  });
}

/** One agent's view (`agentViews` of one). */
export async function agentView(db: Kysely<Database>, identity: Identity, agent: Agent): Promise<AgentView> {
  return (await agentViews(db, identity, [agent]))[0]!;
}

function activityOf(agent: Agent, activeRuns: number, pendingPermissions: number): AgentActivity {
  const state =
    agent.status === 'paused'
      ? 'paused'
      : pendingPermissions > 0
        ? 'waiting_for_permission'
        : activeRuns > 0
          ? 'running'
          : 'idle';
  return { state, activeRuns, pendingPermissions };
}

function nextWakeAt(agent: Agent, now: Date): string | null {
  if (agent.status === 'paused' || !agent.heartbeat) return null;
  const slot = nextSlot(agent.heartbeat as unknown as HeartbeatSettings, now, new Date(agent.createdAt));
  return slot?.toISOString() ?? null;
}
