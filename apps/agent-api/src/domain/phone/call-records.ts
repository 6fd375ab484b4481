import {
  type CallStatus,
  type CallTranscriptLine,
  type CallVoiceUsage,
  type Database,
  nowIso,
  usageOfRuns,
} from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** What a live call has gathered so far; the instance holding it writes it as it goes. */
export interface CallProgress {
  transcript: readonly CallTranscriptLine[];
  runIds: readonly string[];
  /** The conversation the call's runs continue (set by its first run). */
  sessionId: string | null;
  voice?: { provider: string; usage: CallVoiceUsage; costUsd: number };
}

function progressColumns(progress: CallProgress) {
  return {
    transcript: JSON.stringify(progress.transcript),
    runIds: JSON.stringify(progress.runIds),
    sessionId: progress.sessionId,
    ...(progress.voice && {
      voiceProvider: progress.voice.provider,
      voiceUsage: JSON.stringify(progress.voice.usage),
      voiceCostUsd: progress.voice.costUsd,
    }),
  };
}

/**
 * Writes a live call's progress and renews its `updated_at`, which says the instance holding
 * it is alive (see `closeAbandonedCalls`). Only while the call is `in_progress`: a call another
 * instance closed stays closed.
 */
export async function saveCallProgress(db: Kysely<Database>, callId: string, progress: CallProgress) {
  const result = await db
    .updateTable('calls')
    .set({ ...progressColumns(progress), updatedAt: nowIso() })
    .where('id', '=', callId)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** How a call ended. */
export interface CallEnd {
  status: Extract<CallStatus, 'completed' | 'failed'>;
  /** Why, in words (`the caller hung up`, `the voice model failed: …`). */
  reason: string;
}

/**
 * Closes a call once: its status and reason, the end time and duration (from the moment it was
 * answered), the last progress, and its cost — the live model's plus its runs' (their usage
 * records). A call already ended is left as it is; returns whether this call closed it.
 */
export async function finishCall(
  db: Kysely<Database>,
  callId: string,
  progress: CallProgress,
  end: CallEnd,
): Promise<boolean> {
  const call = await db
    .selectFrom('calls')
    .select(['startedAt', 'answeredAt'])
    .where('id', '=', callId)
    .executeTakeFirst();
  if (!call) return false;
  const runsCost = await runsCostUsd(db, progress.runIds);
  const endedAt = nowIso();
  const from = Date.parse(call.answeredAt ?? call.startedAt);
  const result = await db
    .updateTable('calls')
    .set({
      ...progressColumns(progress),
      status: end.status,
      endReason: end.reason,
      costUsd: (progress.voice?.costUsd ?? 0) + runsCost,
      endedAt,
      durationSec: Math.max(0, Math.round((Date.parse(endedAt) - from) / 1000)),
      updatedAt: endedAt,
    })
    .where('id', '=', callId)
    .where('status', 'in', ['ringing', 'in_progress'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What a call's runs cost, from their usage records (a run whose tokens could not be priced adds nothing). */
export async function runsCostUsd(db: Kysely<Database>, runIds: readonly string[]): Promise<number> {
  const runs = await usageOfRuns(db, runIds);
  return [...runs.values()].reduce((sum, run) => sum + (run.costUsd ?? 0), 0);
}
