import type { Run as RunView } from '@lifeosai/api-contract';

export type { RunView };

import { type Database, type Run, type RunUsage, usageOfRuns } from '@lifeosai/db';
import { emptyUsage } from '@lifeosai/events';
import type { Kysely } from 'kysely';
import { triggerView } from '../trigger.ts';
import { getRun } from './run-reads.ts';

/**
 * The runs as the API shows them, their usage and cost added up from their usage records (one
 * grouped read for all of them). A run that executed and recorded nothing spent zero.
 */
export async function toRunViews(db: Kysely<Database>, runs: readonly Run[]): Promise<RunView[]> {
  const usage = await usageOfRuns(
    db,
    runs.map((run) => run.id),
  );
  return runs.map((run) => toRunView(run, usage.get(run.id)));
}

export async function getRunView(db: Kysely<Database>, orgId: string, runId: string): Promise<RunView> {
  const [view] = await toRunViews(db, [await getRun(db, orgId, runId)]);
  return view!;
}

function toRunView(run: Run, spent: RunUsage | undefined): RunView {
  const executed = run.startedAt !== null && run.finishedAt !== null;
  return {
    id: run.id,
    agentId: run.agentId,
    sessionId: run.sessionId,
    status: run.status,
    prompt: run.prompt,
    trigger: triggerView(run),
    attempt: run.attempt,
    usage: spent?.usage ?? (executed ? emptyUsage() : null),
    costUsd: spent ? spent.costUsd : executed ? 0 : null,
    costComputed: spent?.costComputed ?? false,
    ...(run.error && { error: run.error }),
    createdAt: run.createdAt,
    ...(run.startedAt && { startedAt: run.startedAt }),
    ...(run.finishedAt && { finishedAt: run.finishedAt }),
  };
}
