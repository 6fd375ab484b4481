import type { Database, Run } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import type { Kysely, SelectQueryBuilder } from 'kysely';

/** A run of the org; unknown and foreign ids are the same 404. */
export async function getRun(db: Kysely<Database>, orgId: string, runId: string): Promise<Run> {
  const run = await db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .where('orgId', '=', orgId)
    .executeTakeFirst();
  if (!run) throw notFound('run', runId);
  return run;
}

export const terminalRunStatuses: ReadonlyArray<Run['status']> = [
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
];

/** The run, whatever its organization (internal callers that hold its id already). */
export function findRun(db: Kysely<Database>, runId: string): Promise<Run | undefined> {
  return db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** Statuses of a run that has not ended yet. */
export const activeRunStatuses = ['queued', 'running'] as const satisfies ReadonlyArray<Run['status']>;

/** Filters of the run list (`GET /runs`); absent ones do not filter. */
export interface RunListFilter {
  agentId?: string;
  sessionId?: string;
  status?: Run['status'];
  /** Only runs with a smaller id (the previous page's last). */
  before?: string;
  /** Only runs of these sessions (the ones the caller may read, as a subquery). */
  readableSessions?: SelectQueryBuilder<Database, 'sessions', { id: string }>;
  limit: number;
}

/** A page of the organization's runs, newest first. */
export function listRuns(db: Kysely<Database>, orgId: string, filter: RunListFilter): Promise<Run[]> {
  let select = db.selectFrom('runs').selectAll().where('orgId', '=', orgId);
  if (filter.agentId) select = select.where('agentId', '=', filter.agentId);
  if (filter.sessionId) select = select.where('sessionId', '=', filter.sessionId);
  if (filter.status) select = select.where('status', '=', filter.status);
  if (filter.before) select = select.where('id', '<', filter.before);
  if (filter.readableSessions) select = select.where('sessionId', 'in', filter.readableSessions);
  return select.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Every run of a session, oldest first. */
export function sessionRuns(db: Kysely<Database>, sessionId: string): Promise<Run[]> {
  return db.selectFrom('runs').selectAll().where('sessionId', '=', sessionId).orderBy('id').execute();
}

/** Whether the run exists in the organization (and, when given, belongs to that session or agent). */
export async function runExists(
  db: Kysely<Database>,
  orgId: string,
  runId: string,
  owner?: { kind: 'session' | 'agent'; id: string },
): Promise<boolean> {
  let select = db.selectFrom('runs').select('id').where('id', '=', runId).where('orgId', '=', orgId);
  if (owner) select = select.where(owner.kind === 'session' ? 'sessionId' : 'agentId', '=', owner.id);
  return (await select.executeTakeFirst()) !== undefined;
}

/** The run's status and attempt, or undefined when there is no such run. */
export function runState(
  db: Kysely<Database>,
  runId: string,
): Promise<Pick<Run, 'status' | 'attempt'> | undefined> {
  return db.selectFrom('runs').select(['status', 'attempt']).where('id', '=', runId).executeTakeFirst();
}

/** One queued or running run of the agent, if it has any. */
export function activeRunOfAgent(
  db: Kysely<Database>,
  agentId: string,
): Promise<Pick<Run, 'id'> | undefined> {
  return db
    .selectFrom('runs')
    .select('id')
    .where('agentId', '=', agentId)
    .where('status', 'in', activeRunStatuses)
    .executeTakeFirst();
}

/** The runs of one session or agent of the organization, as a query a feed narrows further. */
export function runsOfFeed(
  db: Kysely<Database>,
  scope: {
    orgId: string;
    kind: 'session' | 'agent';
    id: string;
    readableSessions?: SelectQueryBuilder<Database, 'sessions', { id: string }>;
  },
) {
  const runs = db
    .selectFrom('runs')
    .select(['id', 'status', 'createdAt'])
    .where('orgId', '=', scope.orgId)
    .where(scope.kind === 'session' ? 'sessionId' : 'agentId', '=', scope.id);
  return scope.readableSessions ? runs.where('sessionId', 'in', scope.readableSessions) : runs;
}
