import { callDetailSchema, callListSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { toJson } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../http/identity.ts';
import { seedAgent } from '../../testing/seed.ts';
import { callDetail, getReadableCall, listCalls } from './call-views.ts';
import { createCall, failUnconnectedCall, type NewCallInput } from './calls.ts';

const at = (second: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, second)).toISOString();
const alice: Identity = { userId: 'usr_alice', orgId: 'org_a', role: 'owner' };
const bob: Identity = { userId: 'usr_bob', orgId: 'org_a', role: 'member' };
const creator: Identity = { userId: 'usr_test', orgId: 'org_a', role: 'member' };
const mallory: Identity = { userId: 'usr_mallory', orgId: 'org_b', role: 'owner' };

describe.each(testDialects)('call views on %s', (dialect) => {
  let database: TestDatabase;
  let agentId: string;
  const ids: string[] = [];
  const agent = () =>
    database.db.selectFrom('agents').selectAll().where('id', '=', agentId).executeTakeFirstOrThrow();
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    agentId = (await seedAgent(database.db, { orgId: 'org_a' })).agentId;
    const phone = (sid: string): NewCallInput => ({
      orgId: 'org_a',
      agentId,
      source: 'twilio',
      phoneNumberId: 'phn_1',
      externalId: sid,
      caller: '+15550001111',
      fromNumber: '+15550001111',
      toNumber: '+14155550100',
      userId: null,
      sessionId: null,
      status: 'ringing',
    });
    const browser = (userId: string): NewCallInput => ({
      ...phone(''),
      source: 'browser',
      phoneNumberId: null,
      externalId: null,
      caller: `user:${userId}`,
      fromNumber: userId === 'usr_bob' ? 'Bob' : 'Alice',
      toNumber: null,
      userId,
      status: 'in_progress',
    });
    // Oldest first: a phone call, Bob's browser call, Alice's browser call, a phone call (same second as Alice's).
    for (const [index, input] of [
      phone('CA1'),
      browser('usr_bob'),
      browser('usr_alice'),
      phone('CA2'),
    ].entries()) {
      const { call } = await createCall(database.db, input);
      await database.db
        .updateTable('calls')
        .set({ startedAt: at(Math.min(index, 2)) })
        .where('id', '=', call.id)
        .execute();
      ids.push(call.id);
    }
    await database.db
      .updateTable('calls')
      .set({
        status: 'completed',
        endReason: 'caller hung up',
        transcript: toJson([
          { role: 'caller', text: 'Hello?', at: at(1) },
          { role: 'agent', text: 'Hi! How can I help?', at: at(2) },
        ]),
        runIds: toJson(['run_1']),
        voiceProvider: 'gemini',
        voiceUsage: toJson({
          inputAudioTokens: 100,
          inputTextTokens: 5,
          outputAudioTokens: 200,
          outputTextTokens: 10,
        }),
        voiceCostUsd: 0.01,
        costUsd: 0.03,
        endedAt: at(40),
        durationSec: 40,
      })
      .where('id', '=', ids[0]!)
      .execute();
  }, 60_000);
  afterAll(async () => database?.cleanup());

  it('lists the calls one may read, newest first, by pages', async () => {
    // Alice owns the organization: every phone call and her own browser call, not Bob's.
    const first = await listCalls(database.db, alice, await agent(), { limit: 2 });
    expectContract(callListSchema, first);
    expect(first.items.map((call) => call.id)).toEqual([ids[3], ids[2]].sort().reverse());
    const rest = await listCalls(database.db, alice, await agent(), { limit: 2, cursor: first.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    expect(rest.items).toHaveLength(1);
    expect(rest.items[0]).toEqual({
      id: ids[0],
      agentId,
      source: 'twilio',
      from: '+15550001111',
      to: '+14155550100',
      startedAt: at(0),
      endedAt: at(40),
      durationSec: 40,
      status: 'completed',
      costUsd: 0.03,
    });
    await expect(
      listCalls(database.db, alice, await agent(), { limit: 2, cursor: 'nope' }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('keeps a call as private as its conversation', async () => {
    // A private agent: a member sees only their own browser calls; its creator also the phone calls.
    expect(
      (await listCalls(database.db, bob, await agent(), { limit: 10 })).items.map((call) => call.id),
    ).toEqual([ids[1]]);
    expect(
      (await listCalls(database.db, creator, await agent(), { limit: 10 })).items
        .map((call) => call.id)
        .sort(),
    ).toEqual([ids[0], ids[3]].sort());
    await expect(getReadableCall(database.db, bob, ids[0]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getReadableCall(database.db, bob, ids[2]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getReadableCall(database.db, alice, ids[1]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getReadableCall(database.db, mallory, ids[0]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getReadableCall(database.db, bob, ids[1]!)).call.id).toBe(ids[1]);
    // Visible to the organization: everyone in it reads every call.
    await database.db
      .updateTable('agents')
      .set({ visibility: 'organization' })
      .where('id', '=', agentId)
      .execute();
    expect((await listCalls(database.db, bob, await agent(), { limit: 10 })).items).toHaveLength(4);
    expect((await getReadableCall(database.db, bob, ids[0]!)).call.id).toBe(ids[0]);
    await database.db
      .updateTable('agents')
      .set({ visibility: 'private' })
      .where('id', '=', agentId)
      .execute();
  });

  it('shows one call with its transcript, runs and the live model’s usage', async () => {
    const { call } = await getReadableCall(database.db, alice, ids[0]!);
    const detail = callDetail(call);
    expectContract(callDetailSchema, detail);
    expect(detail).toMatchObject({
      endReason: 'caller hung up',
      sessionId: null,
      transcript: [
        { role: 'caller', text: 'Hello?', at: at(1) },
        { role: 'agent', text: 'Hi! How can I help?', at: at(2) },
      ],
      runIds: ['run_1'],
      voice: {
        provider: 'gemini',
        inputAudioTokens: 100,
        inputTextTokens: 5,
        outputAudioTokens: 200,
        outputTextTokens: 10,
        costUsd: 0.01,
      },
    });
    expect(callDetail((await getReadableCall(database.db, alice, ids[3]!)).call)).toMatchObject({
      status: 'ringing',
      endedAt: null,
      costUsd: null,
      voice: null,
      transcript: [],
    });
  });

  it('fails a call whose stream never connected, and leaves one that did', async () => {
    const failed = await failUnconnectedCall(database.db, ids[3]!, 'the stream never connected');
    expect(failed).toMatchObject({
      status: 'failed',
      endReason: 'the stream never connected',
      durationSec: 0,
      costUsd: 0,
    });
    expect(failed?.streamTokenHash).toBeNull();
    expect(await failUnconnectedCall(database.db, ids[0]!, 'no')).toMatchObject({ status: 'completed' });
  });
});
