import { type Agent, type Database, newId, nowIso, toJson } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Harness } from '@lifeosai/harness-spec';
import { notFound } from '@lifeosai/http-kit';
import type { Kysely } from 'kysely';
import type { CreateAgentInput, UpdateAgentInput } from './agent-input.ts';
import { validateAdapterConfig } from './validate-adapter-config.ts';

/** The agent as the API shows it. */
export interface AgentView {
  id: string;
  name: string;
  instructions: string;
  adapterType: string;
  adapterConfig: Record<string, unknown>;
  heartbeat: Record<string, unknown> | null;
  limits: { maxConcurrentRuns: number; runTimeoutSec: number; monthlyBudgetUsd: number | null };
  status: 'active' | 'paused';
  pausedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toAgentView(agent: Agent): AgentView {
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
    status: agent.status,
    pausedReason: agent.pausedReason,
    createdAt: agent.createdAt,
    updatedAt: agent.updatedAt,
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
  const { stored } = validateAdapterConfig(harnesses, input.adapterType, input.adapterConfig);
  const now = nowIso();
  return db
    .insertInto('agents')
    .values({
      id: newId('agt'),
      orgId: owner.orgId,
      createdBy: owner.userId,
      name: input.name,
      instructions: input.instructions ?? '',
      adapterType: input.adapterType,
      adapterConfig: toJson(stored),
      heartbeat: input.heartbeat ? toJson(input.heartbeat) : null,
      maxConcurrentRuns: input.limits?.maxConcurrentRuns ?? 1,
      runTimeoutSec: input.limits?.runTimeoutSec ?? 1800,
      monthlyBudgetUsd: input.limits?.monthlyBudgetUsd ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateAgent(
  db: Kysely<Database>,
  harnesses: ReadonlyMap<string, Harness<unknown>>,
  orgId: string,
  agentId: string,
  input: UpdateAgentInput,
): Promise<Agent> {
  const current = await getAgent(db, orgId, agentId);
  const adapterType = input.adapterType ?? current.adapterType;
  const adapterConfig =
    input.adapterConfig !== undefined || input.adapterType !== undefined
      ? validateAdapterConfig(harnesses, adapterType, input.adapterConfig ?? current.adapterConfig).stored
      : undefined;
  const updated = await db
    .updateTable('agents')
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.instructions !== undefined && { instructions: input.instructions }),
      ...(input.adapterType !== undefined && { adapterType }),
      ...(adapterConfig !== undefined && { adapterConfig: toJson(adapterConfig) }),
      ...(input.heartbeat !== undefined && { heartbeat: input.heartbeat ? toJson(input.heartbeat) : null }),
      ...(input.limits?.maxConcurrentRuns !== undefined && {
        maxConcurrentRuns: input.limits.maxConcurrentRuns,
      }),
      ...(input.limits?.runTimeoutSec !== undefined && { runTimeoutSec: input.limits.runTimeoutSec }),
      ...(input.limits?.monthlyBudgetUsd !== undefined && {
        monthlyBudgetUsd: input.limits.monthlyBudgetUsd,
      }),
      ...(input.status !== undefined && {
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

/** Soft delete: runs, sessions and usage keep their agent. Refused while runs are active. */
export async function deleteAgent(db: Kysely<Database>, orgId: string, agentId: string): Promise<void> {
  await getAgent(db, orgId, agentId);
  const active = await db
    .selectFrom('runs')
    .select('id')
    .where('agentId', '=', agentId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (active) {
    throw new PlatformError(
      'AGENT_BUSY',
      `Agent ${agentId} has a queued or running run (${active.id}); cancel it first.`,
      {
        status: 409,
      },
    );
  }
  await db
    .updateTable('agents')
    .set({ deletedAt: nowIso() })
    .where('id', '=', agentId)
    .where('orgId', '=', orgId)
    .execute();
}
