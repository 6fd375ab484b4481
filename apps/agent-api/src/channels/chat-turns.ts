import type { InboundMessage } from '@lifeosai/channel-spec';
import type { ChannelChat, ChannelInbound } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import { findChat, setChatSession } from '../domain/channels/chats.ts';
import { markMessages, openMessages, outcomes } from '../domain/channels/journal.ts';
import { enqueueOutbox } from '../domain/channels/outbox.ts';
import { agentWorkload } from '../domain/runs/index.ts';
import type { Hosted } from './hosted.ts';
import { answerButton } from './permission-buttons.ts';
import { replies } from './replies.ts';
import type { ChannelLimits, ChannelRuntimeDeps } from './runtime-deps.ts';
import { gate } from './sender-gate.ts';
import { turnPrompt } from './turn-prompt.ts';

/** `outcome` of a `/new` that waits for the turn before it to end. */
const newCommand = 'command /new';

/** What processing a chat needs. */
export type TurnDeps = Pick<ChannelRuntimeDeps, 'db' | 'orchestrator' | 'home' | 'push'> & {
  limits: ChannelLimits;
};

/**
 * One pass over a chat on the lease holder, in arrival order: new messages go through the
 * gate and the commands (`/stop`, `/status`, `/start` act at once; `/new` takes its place in
 * line), then, when no run works for the chat, the waiting messages become one turn.
 */
export async function processChat(deps: TurnDeps, hosted: Hosted, chatId: string): Promise<void> {
  const chat = await findChat(deps.db, chatId);
  if (!chat) return;
  for (const row of await openMessages(deps.db, chatId)) {
    if (row.status === 'received') await admit(deps, hosted, chat, row);
  }
  await nextTurn(deps, hosted, chat);
}

async function say(hosted: Hosted, chatId: string, key: string, text: string, db: TurnDeps['db']) {
  const parts = hosted.driver.format(text);
  await enqueueOutbox(
    db,
    hosted.row.id,
    parts.map((part, index) => ({ chatId, key: `${key}:${index}`, text: part })),
  );
}

async function admit(deps: TurnDeps, hosted: Hosted, chat: ChannelChat, row: ChannelInbound) {
  const { db } = deps;
  const message = row.message as unknown as InboundMessage;
  if (message.buttonData) {
    const outcome = await answerButton(deps, hosted, row, message.buttonData);
    await markMessages(db, [row.id], { status: 'ignored', outcome }, ['received']);
    return;
  }
  const decision = await gate(db, hosted.row, hosted.agentName, row, message, deps.limits);
  if (decision.kind !== 'pass') {
    if (decision.reply) await say(hosted, chat.id, decision.reply.key, decision.reply.text, db);
    if (decision.kind === 'ignore') {
      await markMessages(db, [row.id], { status: 'ignored', outcome: decision.outcome }, ['received']);
      return;
    }
    await markMessages(db, [row.id], { status: 'queued', outcome: outcomes.awaitingApproval }, ['received']);
    if (decision.newSender) {
      deps.push?.senderWaiting({
        orgId: hosted.row.orgId,
        agentId: hosted.row.agentId,
        agentName: hosted.agentName,
        network: hosted.driver.displayName,
        senderName: row.senderName ?? row.senderId,
        url: `/agents/${encodeURIComponent(hosted.row.agentId)}/channels`,
        tag: `${hosted.row.id}:${row.senderId}`,
      });
    }
    return;
  }
  const command = message.command?.name;
  if (command === 'new') {
    await markMessages(db, [row.id], { status: 'queued', outcome: newCommand }, ['received']);
    return;
  }
  if (command === 'stop' || command === 'status' || command === 'start') {
    await say(hosted, chat.id, `cmd:${row.id}`, await commandReply(deps, hosted, chat, command), db);
    await markMessages(db, [row.id], { status: 'ignored', outcome: `command /${command}` }, ['received']);
    return;
  }
  await markMessages(db, [row.id], { status: 'queued', outcome: null }, ['received']);
}

async function commandReply(deps: TurnDeps, hosted: Hosted, chat: ChannelChat, command: string) {
  if (command === 'start') return replies.greeting(hosted.agentName);
  const open = await openMessages(deps.db, chat.id);
  const runIds = [
    ...new Set(open.filter((row) => row.status === 'running' && row.runId).map((row) => row.runId!)),
  ];
  if (command === 'stop') {
    if (runIds.length === 0) return replies.nothingToStop;
    // Not awaited: the run's own end writes "Stopped." and lets the queue move on.
    for (const runId of runIds) void deps.orchestrator.cancel(hosted.row.orgId, runId).catch(() => undefined);
    return replies.stopping;
  }
  const waiting = open.filter((row) => row.status === 'queued' && row.outcome === null).length;
  return replies.status(runIds.length > 0, waiting, await agentWorkload(deps.db, hosted.row.agentId));
}

async function nextTurn(deps: TurnDeps, hosted: Hosted, chat: ChannelChat): Promise<void> {
  const { db } = deps;
  for (;;) {
    const open = await openMessages(db, chat.id);
    const running = open.filter((row) => row.status === 'running');
    // Reserved before a crash but never woken: wake them again (the wake key makes it one run).
    if (running.length > 0) {
      if (running.every((row) => row.runId === null)) await startTurn(deps, hosted, chat, running);
      return;
    }
    const waiting = open.filter(
      (row) => row.status === 'queued' && row.outcome !== outcomes.awaitingApproval,
    );
    const first = waiting[0];
    if (!first) return;
    if (first.outcome === newCommand) {
      await setChatSession(db, chat.id, null);
      chat.sessionId = null;
      await say(hosted, chat.id, `cmd:${first.id}`, replies.newConversation, db);
      await markMessages(db, [first.id], { status: 'ignored', outcome: newCommand }, ['queued']);
      continue;
    }
    const end = waiting.findIndex((row) => row.outcome === newCommand);
    const batch = end === -1 ? waiting : waiting.slice(0, end);
    await markMessages(
      db,
      batch.map((row) => row.id),
      { status: 'running', runId: null },
      ['queued'],
    );
    await startTurn(deps, hosted, chat, batch);
    return;
  }
}

async function startTurn(deps: TurnDeps, hosted: Hosted, chat: ChannelChat, batch: ChannelInbound[]) {
  const first = batch[0]!;
  const ids = batch.map((row) => row.id);
  const prompt = await turnPrompt(
    { network: hosted.driver.displayName, chatKind: chat.kind, chatTitle: chat.title, rows: batch },
    {
      home: deps.home,
      agentId: hosted.row.agentId,
      connection: hosted.connection,
      maxBytes: hosted.driver.capabilities.maxMediaBytes,
    },
  );
  const wake = (sessionId: string | null) =>
    deps.orchestrator.wake({
      orgId: hosted.row.orgId,
      agentId: hosted.row.agentId,
      source: 'channel',
      trigger: { kind: 'channel', by: first.senderId, ...(first.senderName && { byName: first.senderName }) },
      prompt,
      ...(sessionId && { sessionId }),
      idempotencyKey: `channel:${hosted.row.id}:${first.networkMessageId}`,
    });
  try {
    let outcome: Awaited<ReturnType<typeof wake>>;
    try {
      outcome = await wake(chat.sessionId);
    } catch (error) {
      // The chat's session was deleted in the web app: the chat starts a fresh one.
      if (!(chat.sessionId && isPlatformError(error) && error.status === 404)) throw error;
      outcome = await wake(null);
    }
    await markMessages(deps.db, ids, { status: 'running', runId: outcome.run.id }, ['running']);
    if (chat.sessionId !== outcome.run.sessionId)
      await setChatSession(deps.db, chat.id, outcome.run.sessionId);
  } catch (error) {
    if (!isPlatformError(error)) throw error;
    // The agent cannot take it (paused, out of budget): say so, in the platform's words; the
    // plan's refusal (402) is the organization's business, so the sender hears only "not now".
    const reply = error.status === 402 ? replies.unavailable : error.message;
    await say(hosted, chat.id, `refused:${first.id}`, reply, deps.db);
    await markMessages(deps.db, ids, { status: 'ignored', outcome: error.message }, ['running']);
  }
}
