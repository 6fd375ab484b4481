import type { Database } from '@lifeosai/db';
import type { NativeIds } from '@lifeosai/events';
import type { Kysely } from 'kysely';

/**
 * Event types whose `native.messageId` is a transcript entry a harness can fork or continue
 * at (Claude's message `uuid`, Pi's entry id). Deltas and system notices carry ids too, but
 * none a harness could resume at.
 */
const messageTypes: ReadonlySet<string> = new Set(['assistant', 'user']);

/**
 * Where a conversation stood natively after the given runs (in the order given): the last
 * native session id their stored events carry, and the last message id stored in that same
 * native session. Empty when no event reached a native session.
 */
export async function lastNativeIds(db: Kysely<Database>, runIds: readonly string[]): Promise<NativeIds> {
  if (runIds.length === 0) return {};
  const rows = await db
    .selectFrom('runEvents')
    .select(['runId', 'seq', 'data'])
    .where('runId', 'in', runIds)
    .where('type', 'in', ['system', ...messageTypes])
    .execute();
  const order = new Map(runIds.map((id, index) => [id, index]));
  rows.sort((a, b) => order.get(a.runId)! - order.get(b.runId)! || a.seq - b.seq);
  let ids: NativeIds = {};
  for (const row of rows) {
    const native = (row.data as { native?: NativeIds }).native;
    // A message id belongs to its native session: a new one (a fork's) starts over.
    if (native?.sessionId && native.sessionId !== ids.sessionId) ids = { sessionId: native.sessionId };
    if (ids.sessionId && native?.messageId && messageTypes.has(row.data.type as string)) {
      ids = { ...ids, messageId: native.messageId };
    }
  }
  return ids;
}
