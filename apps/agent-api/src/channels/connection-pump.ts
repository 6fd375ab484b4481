import { findChat } from '../domain/channels/chats.ts';
import { chatsWithOpenMessages, openMessages } from '../domain/channels/journal.ts';
import { endedRunIds } from '../domain/runs/index.ts';
import { processChat, type TurnDeps } from './chat-turns.ts';
import type { Hosted } from './hosted.ts';
import { sendDue } from './outbox-sender.ts';
import { replyToRun } from './run-replies.ts';
import type { ChannelRuntimeDeps } from './runtime-deps.ts';

/** What a pass needs. */
export type PumpDeps = TurnDeps & Pick<ChannelRuntimeDeps, 'bus' | 'drivers'>;

/**
 * One pass of a hosted connection's work, on its lease holder: replies of runs that ended,
 * then each chat with open messages in turn (its order kept by `processChat`), "typing…"
 * where a run works, then the outbox. Runs' ends are also heard on the bus, so a reply goes
 * out as soon as its run ends, whichever instance executed it.
 */
export async function pumpOnce(deps: PumpDeps, hosted: Hosted): Promise<void> {
  const chatIds = await chatsWithOpenMessages(deps.db, hosted.row.id);
  const now = Date.now();
  for (const chatId of chatIds) {
    if (hosted.abort.signal.aborted) return;
    const open = await openMessages(deps.db, chatId);
    const runIds = [
      ...new Set(open.flatMap((row) => (row.status === 'running' && row.runId ? [row.runId] : []))),
    ];
    for (const runId of await endedRunIds(deps.db, runIds)) await replyToRun(deps, runId);
    await processChat(deps, hosted, chatId);
    for (const runId of runIds) watchRun(deps, hosted, runId);
    if (runIds.length > 0) await showTyping(deps, hosted, chatId, now);
  }
  await sendDue(deps.db, deps.home, hosted, deps.limits);
}

function watchRun(deps: PumpDeps, hosted: Hosted, runId: string) {
  if (hosted.watching.has(runId)) return;
  const unsubscribe = deps.bus.subscribe(runId, (notice) => {
    if (!notice.terminal) return;
    hosted.watching.get(runId)?.();
    hosted.watching.delete(runId);
    hosted.pump();
  });
  hosted.watching.set(runId, unsubscribe);
}

async function showTyping(deps: PumpDeps, hosted: Hosted, chatId: string, now: number) {
  if (!hosted.driver.capabilities.typing || !hosted.connection.typing) return;
  if (now - (hosted.typingAt.get(chatId) ?? 0) < deps.limits.typingEveryMs) return;
  hosted.typingAt.set(chatId, now);
  const chat = await findChat(deps.db, chatId);
  if (chat) await hosted.connection.typing(chat.networkChatId).catch(() => undefined);
}
