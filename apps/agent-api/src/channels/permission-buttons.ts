import type { ChannelConnection, ChannelInbound, Database, Run } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import { findSender } from '../domain/channels/inbound-senders.ts';
import { firstMessageOfRun } from '../domain/channels/journal.ts';
import { enqueueOutbox } from '../domain/channels/outbox.ts';
import type { Hosted } from './hosted.ts';
import { replies } from './replies.ts';
import type { ChannelRuntimeDeps } from './runtime-deps.ts';

/** Outbox key of a permission question: the press finds the run and request from it. */
const questionKey = (runId: string, requestId: string) => `perm:${runId}:${requestId}`;

/**
 * A sender the agent's owner vouched for: approved by pairing (an owner approved the code) or
 * on the connection's allow list. Only such a sender's chat gets permission buttons, and only
 * such a sender's press answers them.
 */
async function trusted(
  db: Kysely<Database>,
  connection: ChannelConnection,
  senderId: string,
): Promise<boolean> {
  if ((connection.allow as string[]).includes(senderId)) return true;
  return (await findSender(db, connection.id, senderId))?.status === 'approved';
}

/**
 * A channel run asks for a permission: in the chat it answers, when the network has buttons
 * and the chat's sender is trusted, the question goes out with Allow/Deny buttons (the owners
 * are told in the web app by push as for any run). Any instance may call this.
 */
export async function askInChat(
  deps: Pick<ChannelRuntimeDeps, 'db' | 'drivers'>,
  run: Run,
  request: { requestId: string; toolName: string },
): Promise<string | undefined> {
  const first = await firstMessageOfRun(deps.db, run.id);
  if (!first) return undefined;
  const connection = await deps.db
    .selectFrom('channelConnections')
    .selectAll()
    .where('id', '=', first.connectionId)
    .executeTakeFirst();
  const driver = connection && deps.drivers.get(connection.type);
  if (!connection || !driver?.capabilities.buttons) return undefined;
  if (!(await trusted(deps.db, connection, first.senderId))) return undefined;
  // The outbox id is in the button's data (≤ 64 bytes on Telegram), not the long request id.
  const key = questionKey(run.id, request.requestId);
  await enqueueOutbox(deps.db, connection.id, [
    {
      chatId: first.chatId,
      key,
      text: driver.format(replies.permission(request.toolName))[0] ?? '',
      runId: run.id,
    },
  ]);
  const row = await deps.db
    .selectFrom('channelOutbox')
    .select('id')
    .where('connectionId', '=', connection.id)
    .where('idempotencyKey', '=', key)
    .executeTakeFirstOrThrow();
  await deps.db
    .updateTable('channelOutbox')
    .set({
      buttons: JSON.stringify([
        [
          { text: 'Allow', data: `p:${row.id}:a` },
          { text: 'Deny', data: `p:${row.id}:d` },
        ],
      ]),
    })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .execute();
  return connection.id;
}

/** A button pressed under a permission question: answered when the presser is trusted. Returns the journal outcome. */
export async function answerButton(
  deps: Pick<ChannelRuntimeDeps, 'db' | 'orchestrator'>,
  hosted: Hosted,
  row: ChannelInbound,
  data: string,
): Promise<string> {
  const match = /^p:([A-Za-z0-9_]+):([ad])$/.exec(data);
  if (!match) return 'an unknown button';
  const question = await deps.db
    .selectFrom('channelOutbox')
    .select(['idempotencyKey', 'chatId'])
    .where('id', '=', match[1]!)
    .where('connectionId', '=', hosted.row.id)
    .executeTakeFirst();
  const [, runId, requestId] = question?.idempotencyKey.match(/^perm:([^:]+):(.+)$/) ?? [];
  if (!question || !runId || !requestId || question.chatId !== row.chatId) return 'an unknown button';
  if (!(await trusted(deps.db, hosted.row, row.senderId))) return 'a button pressed by someone not trusted';
  const decision = match[2] === 'a' ? 'allow' : 'deny';
  try {
    await deps.orchestrator.answerPermission({ orgId: hosted.row.orgId, runId, requestId, decision });
  } catch (error) {
    if (!isPlatformError(error)) throw error;
    return `permission not answered: ${error.message}`;
  }
  await enqueueOutbox(deps.db, hosted.row.id, [
    {
      chatId: row.chatId,
      key: `perm-answer:${row.id}`,
      text: hosted.driver.format(replies.permissionAnswered(decision))[0] ?? '',
    },
  ]);
  return `permission ${decision === 'allow' ? 'allowed' : 'denied'}`;
}
