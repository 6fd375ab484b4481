import type { KnownProviderId } from '@lifeosai/config';
import { type Database, newId, nowIso } from '@lifeosai/db';
import { computeCostUsd } from '@lifeosai/events';
import type { Kysely } from 'kysely';
import type { ProxyGrant } from './proxy-token.ts';
import type { WireUsage } from './wire-usage.ts';

/**
 * Stores one call's wire usage as a usage record of its run, priced from the platform's
 * price table (`costComputed: true`). A model the table does not know is stored at 0 with
 * `costComputed: false`; when the run ends, a harness that priced that model itself fills it
 * in (see `run-usage.ts`).
 */
export async function recordUsage(
  db: Kysely<Database>,
  grant: ProxyGrant,
  provider: KnownProviderId,
  usage: WireUsage,
  fallbackModel: string | undefined,
): Promise<void> {
  const model = usage.model ?? fallbackModel ?? 'unknown';
  const cost = computeCostUsd(model, {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
  });
  await db
    .insertInto('usageRecords')
    .values({
      id: newId('use'),
      orgId: grant.orgId,
      agentId: grant.agentId,
      runId: grant.runId,
      provider,
      model,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      costUsd: cost ?? 0,
      costComputed: cost !== undefined,
      createdAt: nowIso(),
    })
    .execute();
}
