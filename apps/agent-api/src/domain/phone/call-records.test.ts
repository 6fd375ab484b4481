import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishCall, saveCallProgress } from './call-records.ts';
import { browserCaller, callerCalled, callerSession, setCallerSession } from './caller-sessions.ts';
import { createCall, findCall } from './calls.ts';

const line = (role: 'caller' | 'agent', text: string) => ({ role, text, at: new Date().toISOString() });

describe.each(testDialects)('call records and callers on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  }, 60_000);
  afterAll(() => database?.cleanup());

  const browserCall = () =>
    createCall(database.db, {
      orgId: 'org_a',
      agentId: 'agt_a',
      source: 'browser',
      phoneNumberId: null,
      externalId: null,
      caller: browserCaller('usr_a'),
      fromNumber: 'Alice',
      toNumber: null,
      userId: 'usr_a',
      sessionId: null,
      status: 'in_progress',
      instanceId: 'ins_a',
    });

  it('writes progress while the call lasts, closes it once with its cost and duration, then refuses more', async () => {
    const { call } = await browserCall();
    const progress = {
      transcript: [line('caller', 'Hello?'), line('agent', 'Hi, Ada here.')],
      runIds: [],
      sessionId: 'ses_1',
      voice: {
        provider: 'gemini',
        usage: { inputAudioTokens: 100, inputTextTokens: 5, outputAudioTokens: 200, outputTextTokens: 7 },
        costUsd: 0.0125,
      },
    };
    expect(await saveCallProgress(database.db, call.id, progress)).toBe(true);
    expect(await findCall(database.db, call.id)).toMatchObject({
      status: 'in_progress',
      transcript: progress.transcript,
      sessionId: 'ses_1',
      voiceProvider: 'gemini',
      voiceUsage: progress.voice.usage,
      voiceCostUsd: 0.0125,
      costUsd: null,
    });
    const end = { status: 'failed', reason: 'the voice model failed: gone' } as const;
    expect(await finishCall(database.db, call.id, progress, end)).toBe(true);
    const closed = await findCall(database.db, call.id);
    expect(closed).toMatchObject({
      status: 'failed',
      endReason: end.reason,
      costUsd: 0.0125,
      durationSec: 0,
    });
    expect(closed!.endedAt).not.toBeNull();
    // Closed is closed: a late writer (or a second end) changes nothing.
    expect(await finishCall(database.db, call.id, progress, { status: 'completed', reason: 'late' })).toBe(
      false,
    );
    expect(await saveCallProgress(database.db, call.id, { ...progress, transcript: [] })).toBe(false);
    expect(await findCall(database.db, call.id)).toMatchObject({
      endReason: end.reason,
      transcript: progress.transcript,
    });
  });

  it("keeps one session per caller: a browser caller's row is made, a phone caller's only updated or read from its calls", async () => {
    const person = { agentId: 'agt_a', caller: browserCaller('usr_b'), phoneNumberId: null };
    await callerCalled(database.db, person, 'browser');
    await callerCalled(database.db, person, 'browser');
    expect(await callerSession(database.db, 'agt_a', person.caller)).toBeNull();
    await setCallerSession(database.db, 'agt_a', person.caller, 'ses_b');
    expect(await callerSession(database.db, 'agt_a', person.caller)).toBe('ses_b');
    const rows = await database.db
      .selectFrom('phoneCallers')
      .selectAll()
      .where('caller', '=', person.caller)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'approved', sessionId: 'ses_b' });
    expect(rows[0]!.lastCallAt).not.toBeNull();
    // A phone number the webhook made no row for stays unknown (its policy is not ours to decide).
    await callerCalled(
      database.db,
      { agentId: 'agt_a', caller: '+14155550199', phoneNumberId: 'pn_1' },
      'twilio',
    );
    expect(
      await database.db.selectFrom('phoneCallers').selectAll().where('caller', '=', '+14155550199').execute(),
    ).toEqual([]);
    // Its next call still continues the conversation its last call had.
    expect(await callerSession(database.db, 'agt_a', '+14155550199')).toBeNull();
    const { call } = await createCall(database.db, {
      orgId: 'org_a',
      agentId: 'agt_a',
      source: 'twilio',
      phoneNumberId: 'pn_1',
      externalId: 'CA-open-1',
      caller: '+14155550199',
      fromNumber: '+14155550199',
      toNumber: '+14155550111',
      userId: null,
      sessionId: null,
      status: 'ringing',
    });
    await database.db.updateTable('calls').set({ sessionId: 'ses_open' }).where('id', '=', call.id).execute();
    expect(await callerSession(database.db, 'agt_a', '+14155550199')).toBe('ses_open');
  });
});
