import { type Kysely, PostgresIntrospector, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

/** What to add up: one organization (or the whole instance), optionally one agent, over UTC days. */
export interface UsageQuery {
  /** Only this organization's runs; undefined for the whole instance. */
  orgId?: string;
  /** Only this agent's runs. */
  agentId?: string;
  /** First UTC day, `YYYY-MM-DD`. */
  from: string;
  /** Last UTC day, `YYYY-MM-DD`, inclusive. */
  to: string;
}

/** Runs, spend and tokens of one UTC day (or of a whole range, in `totals`). */
export interface UsageAmounts {
  runs: number;
  /** USD as stored, not rounded. */
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
}

export interface UsageDay extends UsageAmounts {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
}

export interface UsageByDay {
  from: string;
  to: string;
  /** Every UTC day from `from` to `to`, in order; days without runs are zeros. */
  days: UsageDay[];
  totals: UsageAmounts;
  /** Agents with at least one run in the range, most expensive first. */
  byAgent: Array<{ agentId: string; name: string; runs: number; costUsd: number }>;
  /** Organizations with at least one run in the range, most expensive first. */
  byOrg: Array<{ orgId: string; runs: number; costUsd: number }>;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = 86_400_000;

/**
 * Usage per UTC day: the runs from the `runs` table, their spend and input/output tokens from
 * their usage records (the one record of what runs spent, which budgets add up too). A run
 * and everything it spent count on the day the run was created (queued, running and failed
 * runs count as runs; what they did not spend counts as zero).
 *
 * The database groups by (day, organization, agent), so the rows read are bounded by days
 * × agents, not by runs. The day is the date of the UTC timestamp on both dialects:
 * SQLite stores ISO text (its first ten characters), Postgres a `timestamptz` (formatted
 * in UTC, whatever the session's time zone).
 *
 * Throws a RangeError for a malformed day or `from` after `to` (callers validate first).
 */
export async function usageByDay(db: Kysely<Database>, query: UsageQuery): Promise<UsageByDay> {
  const days = utcDaysBetween(query.from, query.to);
  const end = new Date(Date.parse(`${query.to}T00:00:00.000Z`) + dayMs).toISOString();
  const createdAt = sql.ref('runs.createdAt');
  const day: RawBuilder<string> =
    db.introspection instanceof PostgresIntrospector
      ? sql`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD')`
      : sql`substr(${createdAt}, 1, 10)`;

  let runs = db
    .selectFrom('runs')
    .where('runs.createdAt', '>=', `${query.from}T00:00:00.000Z`)
    .where('runs.createdAt', '<', end);
  if (query.orgId !== undefined) runs = runs.where('runs.orgId', '=', query.orgId);
  if (query.agentId !== undefined) runs = runs.where('runs.agentId', '=', query.agentId);
  const groupBy = [day, 'runs.orgId', 'runs.agentId'] as const;
  const [counted, spent] = await Promise.all([
    runs
      .leftJoin('agents', 'agents.id', 'runs.agentId')
      .select([
        day.as('day'),
        'runs.orgId',
        'runs.agentId',
        'agents.name',
        (eb) => eb.fn.countAll<number>().as('runs'),
      ])
      .groupBy([...groupBy, 'agents.name'])
      .execute(),
    runs
      .innerJoin('usageRecords', 'usageRecords.runId', 'runs.id')
      .select((eb) => [
        day.as('day'),
        'runs.orgId',
        'runs.agentId',
        eb.fn.sum<number>('usageRecords.costUsd').as('spentUsd'),
        eb.fn.sum<number>('usageRecords.inputTokens').as('inputTokens'),
        eb.fn.sum<number>('usageRecords.outputTokens').as('outputTokens'),
      ])
      .groupBy([...groupBy])
      .execute(),
  ]);
  const spentBy = new Map(spent.map((row) => [`${row.day} ${row.orgId} ${row.agentId}`, row]));
  const groups = counted.map((group) => {
    const spending = spentBy.get(`${group.day} ${group.orgId} ${group.agentId}`);
    return {
      ...group,
      costUsd: spending?.spentUsd ?? 0,
      inputTokens: spending?.inputTokens ?? 0,
      outputTokens: spending?.outputTokens ?? 0,
    };
  });

  const byDate = new Map(days.map((date) => [date, { date, ...zero() }]));
  const totals = zero();
  const agents = new Map<string, UsageByDay['byAgent'][number]>();
  const orgs = new Map<string, UsageByDay['byOrg'][number]>();
  for (const group of groups) {
    const amounts: UsageAmounts = {
      runs: Number(group.runs),
      costUsd: Number(group.costUsd),
      inputTokens: Number(group.inputTokens),
      outputTokens: Number(group.outputTokens),
    };
    const target = byDate.get(group.day);
    if (target) add(target, amounts);
    add(totals, amounts);
    const agent = agents.get(group.agentId) ?? {
      agentId: group.agentId,
      name: group.name ?? group.agentId,
      runs: 0,
      costUsd: 0,
    };
    agent.runs += amounts.runs;
    agent.costUsd += amounts.costUsd;
    agents.set(group.agentId, agent);
    const org = orgs.get(group.orgId) ?? { orgId: group.orgId, runs: 0, costUsd: 0 };
    org.runs += amounts.runs;
    org.costUsd += amounts.costUsd;
    orgs.set(group.orgId, org);
  }
  return {
    from: query.from,
    to: query.to,
    days: [...byDate.values()],
    totals,
    byAgent: [...agents.values()].sort((a, b) => mostSpent(a, b) || a.agentId.localeCompare(b.agentId)),
    byOrg: [...orgs.values()].sort((a, b) => mostSpent(a, b) || a.orgId.localeCompare(b.orgId)),
  };
}

/**
 * Every UTC day from `from` to `to` inclusive, as `YYYY-MM-DD`. Throws a RangeError for a
 * string that is not a real calendar day or for `from` after `to`.
 */
export function utcDaysBetween(from: string, to: string): string[] {
  const start = parseUtcDay(from);
  const end = parseUtcDay(to);
  if (start > end) throw new RangeError(`from (${from}) is after to (${to})`);
  const days: string[] = [];
  for (let time = start; time <= end; time += dayMs) days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

function parseUtcDay(day: string): number {
  const time = dayPattern.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March; a real day prints back as itself.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`${day} is not a calendar day (YYYY-MM-DD)`);
  }
  return time;
}

function zero(): UsageAmounts {
  return { runs: 0, costUsd: 0, inputTokens: 0, outputTokens: 0 };
}

function add(target: UsageAmounts, amounts: UsageAmounts): void {
  target.runs += amounts.runs;
  target.costUsd += amounts.costUsd;
  target.inputTokens += amounts.inputTokens;
  target.outputTokens += amounts.outputTokens;
}

function mostSpent(a: { costUsd: number; runs: number }, b: { costUsd: number; runs: number }): number {
  return b.costUsd - a.costUsd || b.runs - a.runs;
}
