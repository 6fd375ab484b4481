import { type Database, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { runsCostUsd } from '../domain/phone/call-records.ts';

/** Why a call whose instance stopped renewing it was closed. */
export const instanceGoneReason = 'the instance holding the call stopped (instance gone)';
/** Why a call whose media stream never connected was closed. */
export const neverConnectedReason = 'the call audio never connected';

/**
 * Closes calls no instance holds any more, as `failed`: an `in_progress` call whose holder has
 * not renewed it (`updated_at`, renewed while the call lasts) for `staleMs` — the instance died
 * mid-call — ending when it was last renewed, with the cost it recorded by then; and a `ringing` call whose stream token expired
 * `staleMs` ago unused — Twilio never opened the stream. Safe from every instance at once (each
 * update re-checks the state it read). Returns how many it closed.
 */
export async function closeAbandonedCalls(
  db: Kysely<Database>,
  staleMs: number,
  now: Date = new Date(),
): Promise<number> {
  const before = new Date(now.getTime() - staleMs).toISOString();
  const stale = await db
    .selectFrom('calls')
    .select(['id', 'status', 'startedAt', 'answeredAt', 'updatedAt', 'runIds', 'voiceCostUsd'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'in_progress'), eb('updatedAt', '<', before)]),
        eb.and([eb('status', '=', 'ringing'), eb('streamTokenExpiresAt', '<', before)]),
      ]),
    )
    .limit(100)
    .execute();
  let closed = 0;
  for (const call of stale) {
    const endedAt = call.status === 'in_progress' ? call.updatedAt : nowIso();
    const from = Date.parse(call.answeredAt ?? call.startedAt);
    const result = await db
      .updateTable('calls')
      .set({
        status: 'failed',
        endReason: call.status === 'in_progress' ? instanceGoneReason : neverConnectedReason,
        streamTokenHash: null,
        streamTokenExpiresAt: null,
        costUsd: (call.voiceCostUsd ?? 0) + (await runsCostUsd(db, call.runIds)),
        endedAt,
        durationSec: Math.max(0, Math.round((Date.parse(endedAt) - from) / 1000)),
        updatedAt: nowIso(),
      })
      .where('id', '=', call.id)
      .where('status', '=', call.status)
      .where('updatedAt', '=', call.updatedAt)
      .executeTakeFirst();
    closed += Number(result.numUpdatedRows);
  }
  return closed;
}
