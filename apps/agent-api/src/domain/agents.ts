import { type Agent as AgentView, agentDocumentSchema, type CreateAgentInput } from '@lifeosai/api-contract';
import { type Agent, type Database, newId, nowIso, toJson } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import type { Harness } from '@lifeosai/harness-spec';
import { applyMergePatch, type JsonObject } from '@lifeosai/http-kit';
import type { Kysely } from 'kysely';
import { checkAgentPlugins } from '../plugins/agent-plugins.ts';
import { checkAgentConnections } from './agent-connections.ts';
import { activeRunOfAgent } from './runs/index.ts';
import { validateAdapterConfig } from './validate-adapter-config.ts';

/** The agent's stored fields as the API shows them; `agentViews` adds what it is doing now. */
export function toAgentView(agent: Agent): Omit<AgentView, 'activity' | 'nextWakeAt'> {
  return {
    id: agent.id,
    name: agent.name,
    instructions: agent.instructions,
    adapterType: agent.adapterType,
    adapterConfig: agent.adapterConfig,
    heartbeat: agent.heartbeat,
    limits: {
      maxConcurrentRuns: agent.maxConcurrentRuns,
      runTimeoutSec: agent.runTimeoutSec,
      monthlyBudgetUsd: agent.monthlyBudgetUsd,
    },
    visibility: agent.visibility,
    connections: agent.connections,
    plugins: agent.plugins,
    status: agent.status,
    pausedReason: agent.pausedReason,
    createdAt: agent.createdAt,
    updatedAt: agent.updatedAt,
  };
}

/**
 * The columns an agent's fields are stored in, for a create or a merged patch alike: the
 * adapter config validated by its harness, absent values given their defaults (no heartbeat,
 * one run at a time, 30 minutes per run, no budget).
 */
function agentColumns(harnesses: ReadonlyMap<string, Harness<unknown>>, input: CreateAgentInput) {
  const { stored } = validateAdapterConfig(harnesses, input.adapterType, input.adapterConfig);
  return {
    name: input.name,
    instructions: input.instructions ?? '',
    adapterType: input.adapterType,
    adapterConfig: toJson(stored),
    heartbeat: input.heartbeat ? toJson(input.heartbeat) : null,
    maxConcurrentRuns: input.limits?.maxConcurrentRuns ?? 1,
    runTimeoutSec: input.limits?.runTimeoutSec ?? 1800,
    monthlyBudgetUsd: input.limits?.monthlyBudgetUsd ?? null,
    visibility: input.visibility ?? 'private',
    connections: toJson([...new Set(input.connections ?? [])]),
    plugins: toJson([...new Set(input.plugins ?? [])]),
  };
}

/** Loads an agent of the org; unknown, deleted and foreign ids are all the same 404. */
export async function getAgent(db: Kysely<Database>, orgId: string, agentId: string): Promise<Agent> {
  const agent = await db
    .selectFrom('agents')
    .selectAll()
    .where('id', '=', agentId)
    .where('orgId', '=', orgId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  if (!agent) throw notFound('agent', agentId);
  return agent;
}

export async function createAgent(
  db: Kysely<Database>,
  harnesses: ReadonlyMap<string, Harness<unknown>>,
  owner: { orgId: string; userId: string },
  input: CreateAgentInput,
): Promise<Agent> {
  await checkAgentConnections(db, owner.orgId, input);
  const now = nowIso();
  const columns = agentColumns(harnesses, input);
  await checkAgentPlugins(db, owner.orgId, input.plugins ?? [], input.adapterConfig);
  return db
    .insertInto('agents')
    .values({
      id: newId('agt'),
      orgId: owner.orgId,
      createdBy: owner.userId,
      ...columns,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The agent as a `PATCH` changes it: every field a create takes, plus `status`. Absent values
 * (no heartbeat, no budget) are left out rather than `null`, so that `null` in a patch means
 * "remove" and nothing else.
 */
function agentDocument(agent: Agent): JsonObject {
  return {
    name: agent.name,
    instructions: agent.instructions,
    adapterType: agent.adapterType,
    adapterConfig: agent.adapterConfig,
    ...(agent.heartbeat && { heartbeat: agent.heartbeat }),
    limits: {
      maxConcurrentRuns: agent.maxConcurrentRuns,
      runTimeoutSec: agent.runTimeoutSec,
      ...(agent.monthlyBudgetUsd !== null && { monthlyBudgetUsd: agent.monthlyBudgetUsd }),
    },
    visibility: agent.visibility,
    ...(agent.connections.length > 0 && { connections: agent.connections }),
    ...(agent.plugins.length > 0 && { plugins: agent.plugins }),
    status: agent.status,
  };
}

/**
 * Applies a JSON merge patch to an agent: fields not sent stay as they are, `null` removes one
 * (back to its default), objects merge member by member — so a rename keeps the agent's
 * `adapterConfig`, heartbeat and limits. The merged agent is validated like a create (the
 * harness's own schema included) before anything is stored; a bad field is a 400 naming it.
 */
export async function updateAgent(
  db: Kysely<Database>,
  harnesses: ReadonlyMap<string, Harness<unknown>>,
  orgId: string,
  agentId: string,
  patch: JsonObject,
): Promise<Agent> {
  const current = await getAgent(db, orgId, agentId);
  const input = agentDocumentSchema.parse(applyMergePatch(agentDocument(current), patch));
  await checkAgentConnections(db, orgId, input, current.connections);
  const statusChanged = input.status !== current.status;
  const columns = agentColumns(harnesses, input);
  await checkAgentPlugins(db, orgId, input.plugins ?? [], input.adapterConfig);
  const updated = await db
    .updateTable('agents')
    .set({
      ...columns,
      ...(statusChanged && {
        status: input.status,
        pausedReason: input.status === 'paused' ? 'Paused by a user.' : null,
      }),
      updatedAt: nowIso(),
    })
    .where('id', '=', agentId)
    .where('orgId', '=', orgId)
    .where('deletedAt', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw notFound('agent', agentId);
  return updated;
}

/** Soft delete: runs, sessions, calls and usage keep their agent; its phone numbers are freed. Refused while runs are active. */
export async function deleteAgent(db: Kysely<Database>, orgId: string, agentId: string): Promise<void> {
  await getAgent(db, orgId, agentId);
  const active = await activeRunOfAgent(db, agentId);
  if (active) {
    throw new PlatformError(
      'AGENT_BUSY',
      `Agent ${agentId} has a queued or running run (${active.id}); cancel it first.`,
    );
  }
  await db
    .updateTable('agents')
    .set({ deletedAt: nowIso() })
    .where('id', '=', agentId)
    .where('orgId', '=', orgId)
    .execute();
  // A number answers for one agent across the instance: a deleted agent's numbers are free again.
  await db.deleteFrom('phoneNumbers').where('agentId', '=', agentId).execute();
}
