import type { Database, Run } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { homeChats } from '../domain/channels/chats.ts';
import { markMessages, messagesOfRun } from '../domain/channels/journal.ts';
import { findConnection } from '../domain/channels/leases.ts';
import { enqueueOutbox } from '../domain/channels/outbox.ts';
import { runEnding } from '../domain/runs/index.ts';
import { replies } from './replies.ts';
import type { ChannelRuntimeDeps } from './runtime-deps.ts';

type ReplyDeps = Pick<ChannelRuntimeDeps, 'db' | 'drivers'>;

/**
 * A channel run ended: its final text (or a short note when it failed or was cancelled) goes
 * to the outbox, one entry per part (`reply:<runId>:<i>`), in the same transaction that marks
 * its messages done. Idempotent and safe from any instance: a second call finds no running
 * messages and the outbox keys are unique. Returns the connection to tell, when it wrote.
 */
export async function replyToRun(deps: ReplyDeps, runId: string): Promise<string | undefined> {
  const rows = await messagesOfRun(deps.db, runId);
  const first = rows[0];
  if (!first) return undefined;
  const ending = await runEnding(deps.db, runId);
  if (!ending) return undefined;
  const connection = await findConnection(deps.db, first.connectionId);
  const driver = connection && deps.drivers.get(connection.type);
  if (!driver) return undefined;
  const text =
    ending.run.status === 'succeeded'
      ? (ending.text ?? replies.noText)
      : ending.run.status === 'cancelled'
        ? replies.cancelled
        : replies.failed;
  const parts = driver.format(text);
  await deps.db.transaction().execute(async (trx) => {
    const marked = await markMessages(
      trx,
      rows.map((row) => row.id),
      { status: 'done' },
      ['running'],
    );
    if (marked === 0) return;
    await enqueueOutbox(
      trx,
      first.connectionId,
      parts.map((part, index) => ({
        chatId: first.chatId,
        key: `reply:${runId}:${index}`,
        text: part,
        runId,
      })),
    );
  });
  return first.connectionId;
}

/**
 * A heartbeat run ended with a text: it goes to the agent's home chat on each connection (see
 * `homeChats`: a trusted sender's most recent private chat), through the outbox. Returns the
 * connections to tell.
 */
export async function replyToHeartbeat(deps: ReplyDeps, run: Run): Promise<string[]> {
  if (run.triggerKind !== 'heartbeat') return [];
  const ending = await runEnding(deps.db, run.id);
  if (ending?.run.status !== 'succeeded' || !ending.text) return [];
  const told: string[] = [];
  for (const chat of await homeChats(deps.db, run.agentId)) {
    const driver = deps.drivers.get(chat.type);
    if (!driver) continue;
    const parts = driver.format(ending.text);
    await enqueueOutbox(
      deps.db as Kysely<Database>,
      chat.connectionId,
      parts.map((part, index) => ({
        chatId: chat.id,
        key: `reply:${run.id}:${index}`,
        text: part,
        runId: run.id,
      })),
    );
    told.push(chat.connectionId);
  }
  return told;
}
