import type { Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { monthToDateCostUsd } from '../domain/budget.ts';
import type { CallingAgent } from './call-context.ts';

/**
 * Why a call must be refused for budget, or undefined: the agent's month-to-date spend
 * (every usage record, this run's calls so far included) has reached its monthly budget.
 * Checked before each call, so a call already under way finishes and counts.
 */
export async function budgetRefusal(db: Kysely<Database>, agent: CallingAgent): Promise<string | undefined> {
  if (agent.monthlyBudgetUsd === null) return undefined;
  const spent = await monthToDateCostUsd(db, agent.id);
  if (spent < agent.monthlyBudgetUsd) return undefined;
  return (
    `The agent's monthly budget of $${agent.monthlyBudgetUsd} is spent ($${spent.toFixed(4)} this month), ` +
    'so the platform refused the model call and ended the run. Raise the budget or wait for next month.'
  );
}
