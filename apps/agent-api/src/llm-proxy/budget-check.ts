import type { Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { budgetSpentMessage, pauseForBudget, spentBudget } from '../domain/budget.ts';
import type { CallingAgent } from './call-context.ts';

/**
 * Why a call must be refused for budget, or undefined: the agent's month-to-date spend
 * (every usage record, this run's calls so far included) has reached its monthly budget.
 * Checked before each call, so a call already under way finishes and counts. A refusal
 * pauses the agent at once (the budget rule's one pause).
 */
export async function budgetRefusal(db: Kysely<Database>, agent: CallingAgent): Promise<string | undefined> {
  const spent = await spentBudget(db, agent);
  if (!spent) return undefined;
  await pauseForBudget(db, agent.id, spent);
  return budgetSpentMessage(spent, 'the platform refused the model call and ended the run');
}
