import { appendRunEvents, type Database, nowIso } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAgent, seedRuns } from '../testing/seed.ts';
import { sessionStateFor } from './session-state.ts';

const everything = { fork: true, interruptContinue: true };

describe.each(testDialects)('the session state of a run on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  async function setUp() {
    database = await openTestDatabase(dialect);
    const seeded = await seedAgent(database.db);
    const session = async () =>
      database.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', seeded.sessionId)
        .executeTakeFirstOrThrow();
    return { db: database.db, seeded, session };
  }

  it('continues an interrupted turn at the last stored message of the earlier attempt, never resending its prompt', async () => {
    const { db, seeded, session } = await setUp();
    await db.updateTable('sessions').set({ nativeSessionId: 'native-old' }).execute();
    const [runId] = await seedRuns(db, seeded, 1, { attempt: 2, maxAttempts: 2 });
    await storeEvents(db, runId!, [
      { type: 'system', native: { sessionId: 'native-old', messageId: 'init-uuid' } },
      { type: 'user', native: { sessionId: 'native-old', messageId: 'msg-prompt' } },
      { type: 'assistant', native: { sessionId: 'native-old', messageId: 'msg-tool-call' } },
      // A delta's id is no transcript entry: never a place to continue at.
      { type: 'stream_event', native: { sessionId: 'native-old', messageId: 'delta-1' } },
    ]);
    expect(await sessionStateFor(db, { id: runId!, attempt: 2 }, await session(), everything)).toEqual({
      kind: 'continue-interrupted',
      nativeSessionId: 'native-old',
      interruptedRunId: runId,
      lastMessageId: 'msg-tool-call',
    });
    // A harness that cannot continue gets today's resume: the prompt goes again.
    expect(
      await sessionStateFor(db, { id: runId!, attempt: 2 }, await session(), {
        fork: true,
        interruptContinue: false,
      }),
    ).toEqual({ kind: 'resume', nativeSessionId: 'native-old' });
  });

  it('continues without a message id when only the session was reached, and resumes when nothing was', async () => {
    const { db, seeded, session } = await setUp();
    const [reached, unreached] = await seedRuns(db, seeded, 2, { attempt: 2, maxAttempts: 2 });
    await storeEvents(db, reached!, [{ type: 'system', native: { sessionId: 'native-new' } }]);
    expect(await sessionStateFor(db, { id: reached!, attempt: 2 }, await session(), everything)).toEqual({
      kind: 'continue-interrupted',
      nativeSessionId: 'native-new',
      interruptedRunId: reached,
    });
    expect(await sessionStateFor(db, { id: unreached!, attempt: 2 }, await session(), everything)).toEqual({
      kind: 'new',
    });
    // A first attempt never continues, whatever its events.
    expect(await sessionStateFor(db, { id: reached!, attempt: 1 }, await session(), everything)).toEqual({
      kind: 'new',
    });
  });

  it("forks a forked session's first run at the message it was forked at, then resumes its own", async () => {
    const { db, seeded, session } = await setUp();
    await db
      .updateTable('sessions')
      .set({ forkNativeSessionId: 'native-source', forkAtMessageId: 'msg-7' })
      .where('id', '=', seeded.sessionId)
      .execute();
    const [runId] = await seedRuns(db, seeded, 1);
    expect(await sessionStateFor(db, { id: runId!, attempt: 1 }, await session(), everything)).toEqual({
      kind: 'fork',
      nativeSessionId: 'native-source',
      atMessageId: 'msg-7',
    });
    expect(
      await sessionStateFor(db, { id: runId!, attempt: 1 }, await session(), {
        fork: false,
        interruptContinue: true,
      }),
    ).toEqual({ kind: 'new' });
    await db.updateTable('sessions').set({ nativeSessionId: 'native-fork' }).execute();
    expect(await sessionStateFor(db, { id: runId!, attempt: 1 }, await session(), everything)).toEqual({
      kind: 'resume',
      nativeSessionId: 'native-fork',
    });
  });
});

async function storeEvents(
  db: Kysely<Database>,
  runId: string,
  bodies: Array<{ type: string; native: Record<string, string> }>,
): Promise<void> {
  await appendRunEvents(
    db,
    bodies.map((body, index) => ({
      runId,
      seq: index + 1,
      type: body.type,
      ts: nowIso(),
      data: { ...body, runId, seq: index + 1 },
    })),
  );
}
