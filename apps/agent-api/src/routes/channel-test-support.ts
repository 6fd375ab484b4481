import { randomInt } from 'node:crypto';
import type { ChannelLoginEvent } from '@lifeosai/api-contract';
import { type Database, newId, nowIso, toJson } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { alice, type TestPlatform } from '../testing/test-platform.ts';

/** Senders waiting for approval on a connection, one per code, as the runtime records them. */
export async function insertPendingSenders(
  db: Kysely<Database>,
  connectionId: string,
  codes: readonly string[],
): Promise<void> {
  for (const [index, code] of codes.entries()) {
    await db
      .insertInto('channelSenders')
      .values({
        id: newId('csd'),
        connectionId,
        senderId: String(randomInt(1e9, 1e10)),
        name: `Stranger ${index}`,
        status: 'pending',
        code,
        requestedAt: new Date(Date.now() + index).toISOString(),
        decidedAt: null,
        decidedBy: null,
      })
      .execute();
  }
}

/** One chat with a message in and a reply out, as the runtime journals them; returns the chat id. */
export async function insertChatHistory(db: Kysely<Database>, connectionId: string): Promise<string> {
  const chatId = newId('cht');
  const now = nowIso();
  await db
    .insertInto('channelChats')
    .values({
      id: chatId,
      connectionId,
      networkChatId: `chat-${chatId}`,
      kind: 'private',
      title: 'Ada',
      sessionId: null,
      lastMessageAt: now,
      createdAt: now,
    })
    .execute();
  await db
    .insertInto('channelInbound')
    .values({
      id: newId('cin'),
      connectionId,
      chatId,
      networkMessageId: `${chatId}:1`,
      senderId: '1001',
      senderName: 'Ada',
      text: 'hello',
      message: toJson({ text: 'hello' }),
      status: 'done',
      outcome: null,
      runId: null,
      receivedAt: now,
      handledAt: now,
    })
    .execute();
  await db
    .insertInto('channelOutbox')
    .values({
      id: newId('cob'),
      connectionId,
      chatId,
      idempotencyKey: `reply:${chatId}:0`,
      text: 'Hi Ada!',
      media: null,
      buttons: null,
      runId: null,
      status: 'sent',
      attempts: 1,
      nextAttemptAt: now,
      networkMessageIds: toJson(['2']),
      lastError: null,
      createdAt: now,
      sentAt: now,
    })
    .execute();
  return chatId;
}

/**
 * Follows `GET /channels/:id/login` (as alice) until a `connected` status (or 10 s). `opened`
 * resolves once the response started, so the test drives the socket after it; `events`
 * resolves with every event seen.
 */
export async function readLoginEvents(
  platform: TestPlatform,
  connectionId: string,
): Promise<{ events: Promise<ChannelLoginEvent[]> }> {
  const response = await fetch(`${platform.url}/api/agent/channels/${connectionId}/login`, {
    headers: { authorization: await platform.tokens.authorization(alice) },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) throw new Error(`login stream answered ${response.status}`);
  return { events: follow(response) };
}

async function follow(response: Response): Promise<ChannelLoginEvent[]> {
  const events: ChannelLoginEvent[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body!) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const data = buffered
        .slice(0, end)
        .split('\n')
        .find((line) => line.startsWith('data: '));
      buffered = buffered.slice(end + 2);
      if (!data) continue;
      const event = JSON.parse(data.slice(6)) as ChannelLoginEvent;
      events.push(event);
      if ('status' in event && event.status === 'connected') return events;
    }
  }
  return events;
}
