import { newId, toJson } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChatMessages, listChats } from './chat-history.ts';
import { decidePairing, listPendingSenders } from './pairings.ts';

const at = (second: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, second)).toISOString();

describe.each(testDialects)('channel history and pairings on %s', (dialect) => {
  let database: TestDatabase;
  const connectionId = newId('chn');
  const chatIds: string[] = [];
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const { db } = database;
    for (const [index, title] of ['Ada', 'Grace', 'Team'].entries()) {
      const id = newId('cht');
      chatIds.push(id);
      await db
        .insertInto('channelChats')
        .values({
          id,
          connectionId,
          networkChatId: String(1000 + index),
          kind: title === 'Team' ? 'group' : 'private',
          title,
          sessionId: null,
          lastMessageAt: at(index),
          createdAt: at(0),
        })
        .execute();
    }
    // Ada's chat: in, out (two parts), in again, one second apart; ties broken by id.
    const inbound = (second: number, text: string, status: 'done' | 'ignored', outcome: string | null) => ({
      id: newId('cin'),
      connectionId,
      chatId: chatIds[0]!,
      networkMessageId: `1000:${second}`,
      senderId: '42',
      senderName: 'Ada',
      text,
      message: toJson({ text }),
      status,
      outcome,
      runId: null,
      receivedAt: at(second),
      handledAt: null,
    });
    await db
      .insertInto('channelInbound')
      .values([
        inbound(1, 'hello', 'done', null),
        inbound(3, 'spam', 'ignored', 'rate limit: told to slow down'),
      ])
      .execute();
    for (const [part, text] of ['Hi Ada!', 'How can I help?'].entries()) {
      await db
        .insertInto('channelOutbox')
        .values({
          id: newId('cob'),
          connectionId,
          chatId: chatIds[0]!,
          idempotencyKey: `reply:run_1:${part}`,
          text,
          media: null,
          buttons: null,
          runId: 'run_1',
          status: part === 0 ? 'sent' : 'failed',
          attempts: 1,
          nextAttemptAt: at(2),
          networkMessageIds: null,
          lastError: part === 0 ? null : 'The person blocked the bot.',
          createdAt: at(2),
          sentAt: null,
        })
        .execute();
    }
    for (const [index, status] of (['pending', 'approved', 'pending'] as const).entries()) {
      await db
        .insertInto('channelSenders')
        .values({
          id: newId('csd'),
          connectionId,
          senderId: String(500 + index),
          name: `Stranger ${index}`,
          status,
          code: status === 'pending' ? `CODE${index}` : null,
          requestedAt: at(10 + index),
          decidedAt: null,
          decidedBy: null,
        })
        .execute();
    }
  }, 60_000);
  afterAll(async () => database?.cleanup());

  it('pages chats latest message first', async () => {
    const first = await listChats(database.db, connectionId, { limit: 2 });
    expect(first.items.map((chat) => chat.title)).toEqual(['Team', 'Grace']);
    expect(first.items[0]).toMatchObject({ kind: 'group', sessionId: null, lastMessageAt: at(2) });
    const second = await listChats(database.db, connectionId, { limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ title: 'Ada' })], nextCursor: null });
    expect(await listChats(database.db, 'chn_other', { limit: 30 })).toEqual({ items: [], nextCursor: null });
  });

  it('merges the journal and the outbox, newest first, by pages', async () => {
    const first = await listChatMessages(database.db, connectionId, chatIds[0]!, { limit: 3 });
    expect(
      first.items.map(({ direction, text, status, note }) => ({ direction, text, status, note })),
    ).toEqual([
      { direction: 'in', text: 'spam', status: 'ignored', note: 'rate limit: told to slow down' },
      { direction: 'out', text: 'How can I help?', status: 'failed', note: 'The person blocked the bot.' },
      { direction: 'out', text: 'Hi Ada!', status: 'sent', note: null },
    ]);
    expect(first.items[0]).toMatchObject({ senderId: '42', senderName: 'Ada', at: at(3) });
    expect(first.items[1]).toMatchObject({ senderId: null, runId: 'run_1', at: at(2) });
    const rest = await listChatMessages(database.db, connectionId, chatIds[0]!, {
      limit: 3,
      cursor: first.nextCursor!,
    });
    expect(rest.items.map((message) => message.text)).toEqual(['hello']);
    expect(rest.nextCursor).toBeNull();
  });

  it('refuses a chat of another connection and a cursor that is not one of ours', async () => {
    await expect(listChatMessages(database.db, 'chn_other', chatIds[0]!, { limit: 3 })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );
    await expect(
      listChatMessages(database.db, connectionId, chatIds[0]!, { limit: 3, cursor: "'; drop table x" }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('lists waiting senders and decides each once, by its code in any case', async () => {
    expect(await listPendingSenders(database.db, connectionId)).toEqual([
      { code: 'CODE0', senderId: '500', name: 'Stranger 0', requestedAt: at(10) },
      { code: 'CODE2', senderId: '502', name: 'Stranger 2', requestedAt: at(12) },
    ]);
    const decide = (code: string, approved: boolean) =>
      decidePairing(database.db, { connectionId, code, approved, userId: 'usr_alice' });
    expect(await decide('code0', true)).toBe('500');
    await expect(decide('CODE0', false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      decidePairing(database.db, { connectionId: 'chn_other', code: 'CODE2', approved: true, userId: 'u' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await decide('CODE2', false)).toBe('502');
    expect(await listPendingSenders(database.db, connectionId)).toEqual([]);
    const decided = await database.db
      .selectFrom('channelSenders')
      .select(['senderId', 'status', 'code', 'decidedBy'])
      .where('connectionId', '=', connectionId)
      .orderBy('senderId')
      .execute();
    expect(decided).toEqual([
      { senderId: '500', status: 'approved', code: null, decidedBy: 'usr_alice' },
      { senderId: '501', status: 'approved', code: null, decidedBy: null },
      { senderId: '502', status: 'denied', code: null, decidedBy: 'usr_alice' },
    ]);
  });
});
