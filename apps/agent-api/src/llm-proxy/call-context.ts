import type { Agent, Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import type { ProxyGrant } from './proxy-token.ts';

/** What the proxy needs of the calling run's agent. */
export type CallingAgent = Pick<Agent, 'id' | 'orgId' | 'adapterType' | 'adapterConfig' | 'monthlyBudgetUsd'>;

/** Loads the agent of a granted call (a running run's agent cannot be deleted). */
export async function callingAgent(db: Kysely<Database>, grant: ProxyGrant): Promise<CallingAgent> {
  const agent = await db
    .selectFrom('agents')
    .select(['id', 'orgId', 'adapterType', 'adapterConfig', 'monthlyBudgetUsd'])
    .where('id', '=', grant.agentId)
    .where('orgId', '=', grant.orgId)
    .executeTakeFirst();
  if (agent) return agent;
  throw new PlatformError('RUN_TOKEN_INVALID', "The run's agent no longer exists.");
}
