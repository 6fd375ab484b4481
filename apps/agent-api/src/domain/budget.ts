import { type Agent, type Database, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/**
 * The one budget rule: an agent's spend is the sum of its usage records since the first of
 * this month (UTC) — the same records that make up its runs' cost and the usage chart — and
 * once it reaches the monthly budget, model calls are refused, new runs too, and the agent is
 * paused with one message, written here only.
 */

/** An agent whose monthly budget is spent: how much it may spend and what it spent. */
export interface SpentBudget {
  budgetUsd: number;
  spentUsd: number;
}

/** The agent's spend since the first of this month (UTC), from usage records. */
export async function monthToDateCostUsd(
  db: Kysely<Database>,
  agentId: string,
  now = new Date(),
): Promise<number> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const row = await db
    .selectFrom('usageRecords')
    .select((eb) => eb.fn.sum<number>('costUsd').as('total'))
    .where('agentId', '=', agentId)
    .where('createdAt', '>=', monthStart)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** The agent's budget and spend when its monthly budget is spent; undefined without a budget or with money left. */
export async function spentBudget(
  db: Kysely<Database>,
  agent: Pick<Agent, 'id' | 'monthlyBudgetUsd'>,
): Promise<SpentBudget | undefined> {
  if (agent.monthlyBudgetUsd === null) return undefined;
  const spentUsd = await monthToDateCostUsd(db, agent.id);
  return spentUsd < agent.monthlyBudgetUsd ? undefined : { budgetUsd: agent.monthlyBudgetUsd, spentUsd };
}

/** What a spent budget did (`so …`) and what to do, in the one wording every refusal and pause uses. */
export function budgetSpentMessage(spent: SpentBudget, consequence: string): string {
  return (
    `The agent's monthly budget of $${spent.budgetUsd} is spent ($${spent.spentUsd.toFixed(4)} this month), ` +
    `so ${consequence}. Raise the budget in the agent's Limits, or wait for next month and resume it.`
  );
}

/**
 * Pauses the agent for its spent budget; the reason is returned (and shown as the agent's
 * `pausedReason`). An agent paused already keeps its first reason.
 */
export async function pauseForBudget(
  db: Kysely<Database>,
  agentId: string,
  spent: SpentBudget,
): Promise<string> {
  const reason = budgetSpentMessage(spent, 'the agent is paused');
  await db
    .updateTable('agents')
    .set({ status: 'paused', pausedReason: reason, updatedAt: nowIso() })
    .where('id', '=', agentId)
    .where('status', '!=', 'paused')
    .execute();
  return reason;
}

/** Pauses the agent if its monthly budget is spent (after a run, or when a call was refused). */
export async function pauseIfBudgetSpent(db: Kysely<Database>, agentId: string): Promise<void> {
  const agent = await db
    .selectFrom('agents')
    .select(['id', 'monthlyBudgetUsd', 'status'])
    .where('id', '=', agentId)
    .executeTakeFirst();
  if (!agent || agent.status === 'paused') return;
  const spent = await spentBudget(db, agent);
  if (spent) await pauseForBudget(db, agentId, spent);
}
