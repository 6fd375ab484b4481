import type { Kysely } from 'kysely';
import { toJson } from './normalize.ts';
import type { Database } from './schema.ts';

/** The agent a seeded run belongs to. */
export interface SeedAgent {
  id: string;
  orgId: string;
  /** Defaults to `agent`. */
  name?: string;
}

/**
 * Test support: a Pi agent and one session of it (`ses_<agent id>` unless named), the rows
 * every runs, events or usage test stands on. Not part of the package's entry points.
 */
export async function seedAgentWithSession(
  db: Kysely<Database>,
  agent: SeedAgent,
  sessionId = `ses_${agent.id}`,
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('agents')
    .values({
      id: agent.id,
      orgId: agent.orgId,
      name: agent.name ?? 'agent',
      createdBy: 'usr_1',
      adapterType: 'pi',
      adapterConfig: toJson({}),
      monthlyBudgetUsd: null,
      pausedReason: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      orgId: agent.orgId,
      agentId: agent.id,
      harness: 'pi',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
}
