import type { Kysely } from 'kysely';
import { openDatabase } from './create-database.ts';
import { platformMigrator } from './migrate.ts';
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

/**
 * Test support: a SQLite database at an older schema — the migrations up to and including
 * `lastMigration` applied and recorded as the migrator records them — so that opening it
 * migrates the rest, as an upgrade would.
 */
export async function createSqliteDatabaseAt(path: string, lastMigration: string): Promise<void> {
  const handle = await openDatabase({ dialect: 'sqlite', path }, { migrate: false });
  try {
    const outcome = await platformMigrator(handle.db as unknown as Kysely<unknown>, 'sqlite').migrateTo(
      lastMigration,
    );
    if (outcome.error) throw outcome.error;
  } finally {
    await handle.close();
  }
}
