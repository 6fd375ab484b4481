import type { Database, UsageRecord } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { seedAgent, seedRuns } from '../testing/seed.ts';
import type { TestPlatform } from '../testing/test-platform.ts';

/** A run in `running` state with its proxy token, for calling the proxy without a harness. */
export interface RunningRun {
  runId: string;
  agentId: string;
  orgId: string;
  /** The run's proxy token (`kind: 'llm'`). */
  token: string;
}

/** Seeds an agent (Pi) and a running run of it in `orgId`, and mints the run's proxy token. */
export async function runningRun(platform: TestPlatform, orgId: string): Promise<RunningRun> {
  const seeded = await seedAgent(platform.database.db, { orgId });
  const [runId] = await seedRuns(platform.database.db, seeded, 1, { status: 'running', attempt: 1 });
  const token = await platform.runTokens.mint(
    { id: runId!, orgId, agentId: seeded.agentId, attempt: 1 },
    300,
    'llm',
  );
  return { runId: runId!, agentId: seeded.agentId, orgId, token };
}

/** The run's usage records once the proxy has stored the calls in flight. */
export async function recordsOf(platform: TestPlatform, runId: string): Promise<UsageRecord[]> {
  await platform.llmProxy.settle(runId);
  return usageRecords(platform.database.db, runId);
}

export function usageRecords(db: Kysely<Database>, runId: string): Promise<UsageRecord[]> {
  return db.selectFrom('usageRecords').selectAll().where('runId', '=', runId).orderBy('createdAt').execute();
}
