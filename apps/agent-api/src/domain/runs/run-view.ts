import { type Database, type Run, type RunUsage, usageOfRuns } from '@lifeosai/db';
import { emptyUsage, type Usage } from '@lifeosai/events';
import type { Kysely } from 'kysely';
import { getRun } from './run-reads.ts';

/** The run as the API shows it (`GET /api/agent/runs/:id`). */
export interface RunView {
  id: string;
  agentId: string;
  sessionId: string;
  status: Run['status'];
  prompt: string;
  attempt: number;
  /** The sum of the run's usage records so far; null for a run that never executed and spent nothing. */
  usage: Usage | null;
  /** USD, the same sum; null when some tokens could not be priced (or as `usage`). */
  costUsd: number | null;
  /** True when some of the cost came from the platform's price table. */
  costComputed: boolean;
  error?: { code: string; message: string };
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

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
