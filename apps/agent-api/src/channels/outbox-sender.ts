import { ChannelSendError, type OutboundMedia } from '@lifeosai/channel-spec';
import type { Database } from '@lifeosai/db';
import { createLocalFileStorage } from '@lifeosai/files';
import type { Kysely } from 'kysely';
import {
  type DueOutbox,
  markOutboxAttempt,
  markOutboxSent,
  type OutboxMedia,
  pendingOutbox,
} from '../domain/channels/outbox.ts';
import { agentWorkspace } from '../domain/workspace-attachments.ts';
import type { Hosted } from './hosted.ts';
import type { ChannelLimits } from './runtime-deps.ts';

/**
 * Sends a connection's due outbox entries, oldest first. Per chat, an entry waiting for a
 * retry holds back the ones after it (parts arrive in order). A retryable failure is tried
 * again after `sendRetryDelaysMs[attempt]` (or the network's own `retryAfterMs`, when longer);
 * after the last attempt, or on a failure that can never succeed, the entry is `failed` with
 * the reason in words.
 */
export async function sendDue(
  db: Kysely<Database>,
  home: string,
  hosted: Hosted,
  limits: ChannelLimits,
): Promise<void> {
  const held = new Set<string>();
  for (const entry of await pendingOutbox(db, hosted.row.id)) {
    if (hosted.abort.signal.aborted) return;
    if (held.has(entry.chatId)) continue;
    if (entry.nextAttemptAt > new Date().toISOString()) {
      held.add(entry.chatId);
      continue;
    }
    try {
      const sent = await hosted.connection.send({
        chatId: entry.networkChatId,
        text: entry.text,
        idempotencyKey: entry.idempotencyKey,
        ...(entry.media && { media: await readMedia(home, hosted.row.agentId, entry) }),
        ...(entry.buttons && { buttons: entry.buttons as never }),
      });
      await markOutboxSent(db, entry.id, sent.networkMessageIds);
    } catch (error) {
      const attempts = entry.attempts + 1;
      const retryable = !(error instanceof ChannelSendError) || error.retryable;
      const delay = limits.sendRetryDelaysMs[attempts - 1];
      const words =
        error instanceof ChannelSendError
          ? error.message
          : `The message could not be sent: ${(error as Error).message}`;
      if (retryable && delay !== undefined) {
        const wait = Math.max(delay, error instanceof ChannelSendError ? (error.retryAfterMs ?? 0) : 0);
        await markOutboxAttempt(db, entry.id, attempts, words, new Date(Date.now() + wait).toISOString());
        held.add(entry.chatId);
      } else {
        await markOutboxAttempt(db, entry.id, attempts, words);
      }
    }
  }
}

/** The entry's files, read from the agent's workspace through the file store (no escaping it). */
async function readMedia(home: string, agentId: string, entry: DueOutbox): Promise<OutboundMedia[]> {
  const files = createLocalFileStorage({ root: agentWorkspace(home, agentId) });
  const media: OutboundMedia[] = [];
  for (const item of entry.media as unknown as OutboxMedia[]) {
    const { stream } = await files.get(item.path);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    media.push({
      kind: item.kind,
      fileName: item.fileName,
      mimeType: item.mimeType,
      data: Buffer.concat(chunks),
    });
  }
  return media;
}
