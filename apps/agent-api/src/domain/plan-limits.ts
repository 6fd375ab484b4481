import { type BillingOptions, entitlementsOf, type PlannedAction, planRefusal } from '@lifeosai/billing';
import type { Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/**
 * Refuses (throws the 402 `PlatformError`) what the organization's plan does not allow: a new
 * run (every door: the API, heartbeats, channels, calls) or a new agent. Without billing
 * (absent or off) nothing is refused. The rule itself is `@lifeosai/billing`'s `planRefusal`.
 */
export async function refuseOverPlan(
  db: Kysely<Database>,
  orgId: string,
  billing: BillingOptions | undefined,
  action: PlannedAction,
): Promise<void> {
  if (!billing?.enabled) return;
  const refusal = await planRefusal(db, orgId, await entitlementsOf(db, orgId, billing), action);
  if (refusal) throw refusal;
}
