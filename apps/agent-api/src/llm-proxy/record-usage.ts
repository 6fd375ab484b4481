import type { KnownProviderId } from '@lifeosai/config';
import { type Database, recordUsage as storeUsageRecord } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { ProxyGrant } from './proxy-token.ts';
import type { WireUsage } from './wire-usage.ts';

/**
 * Stores one call's wire usage as a usage record of its run, with the provider it went to and
 * the model the provider named (else the request's), priced from the platform's price table.
 * A model the table does not know is stored unpriced; when the run ends, a harness that
 * priced that model itself fills it in (see orchestration/run-usage.ts).
 */
export async function recordUsage(
  db: Kysely<Database>,
  grant: ProxyGrant,
  provider: KnownProviderId,
  usage: WireUsage,
  fallbackModel: string | undefined,
): Promise<void> {
  await storeUsageRecord(db, {
    orgId: grant.orgId,
    agentId: grant.agentId,
    runId: grant.runId,
    provider,
    model: usage.model ?? fallbackModel ?? 'unknown',
    usage: {
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
      cache_read_input_tokens: usage.cacheReadTokens,
      cache_creation_input_tokens: usage.cacheWriteTokens,
    },
  });
}
