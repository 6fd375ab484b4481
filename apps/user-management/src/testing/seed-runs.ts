import { type Database, newId } from '@lifeosai/db';
import type { Kysely } from 'kysely';

export interface SeededRun {
  orgId: string;
  agentId: string;
  /** Spend recorded for the run (one usage record). */
  costUsd: number;
  /** When the run and its usage happened (ISO); default now. */
  at?: string;
  inputTokens?: number;
  outputTokens?: number;
}

/**
 * A finished run of an existing agent, with its session and usage record, written the way the
 * Agent API's run executor writes them: history for the read-side tests (counts, spend, usage
 * by day) without waiting for real runs at chosen dates.
 */
export async function seedRun(db: Kysely<Database>, run: SeededRun): Promise<string> {
  const at = run.at ?? new Date().toISOString();
  const inputTokens = run.inputTokens ?? 100;
  const outputTokens = run.outputTokens ?? 20;
  const sessionId = newId('ses');
  const runId = newId('run');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        orgId: run.orgId,
        agentId: run.agentId,
        harness: 'pi',
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    await trx
      .insertInto('runs')
      .values({
        id: runId,
        orgId: run.orgId,
        agentId: run.agentId,
        sessionId,
        status: 'succeeded',
        prompt: 'seeded',
        timeoutSec: 60,
        createdAt: at,
        startedAt: at,
        finishedAt: at,
      })
      .execute();
    await trx
      .insertInto('usageRecords')
      .values({
        id: newId('use'),
        orgId: run.orgId,
        agentId: run.agentId,
        runId,
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        inputTokens,
        outputTokens,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: run.costUsd,
        costComputed: true,
        createdAt: at,
      })
      .execute();
  });
  return runId;
}
