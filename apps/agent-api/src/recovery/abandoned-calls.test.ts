import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCall, findCall } from '../domain/phone/calls.ts';
import { closeAbandonedCalls, instanceGoneReason, neverConnectedReason } from './abandoned-calls.ts';

const staleMs = 45_000;

describe.each(testDialects)('closing abandoned calls on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  }, 60_000);
  afterAll(() => database?.cleanup());

  const phoneCall = (externalId: string) =>
    createCall(database.db, {
      orgId: 'org_a',
      agentId: 'agt_a',
      source: 'twilio',
      phoneNumberId: 'pn_1',
      externalId,
      caller: '+14155550100',
      fromNumber: '+14155550100',
      toNumber: '+14155550111',
      userId: null,
      sessionId: null,
      status: 'ringing',
    });

  it('fails a live call its instance stopped renewing, and a ringing call whose stream never came', async () => {
    const { call: live } = await phoneCall('CA-live');
    const { call: fresh } = await phoneCall('CA-fresh');
    const { call: ringing } = await phoneCall('CA-ringing');
    const renewedAt = new Date(Date.now() - 60_000).toISOString();
    for (const id of [live.id, fresh.id]) {
      await database.db
        .updateTable('calls')
        .set({ status: 'in_progress', instanceId: 'ins_dead', answeredAt: renewedAt, updatedAt: renewedAt })
        .where('id', '=', id)
        .execute();
    }
    await database.db
      .updateTable('calls')
      .set({ updatedAt: new Date().toISOString() })
      .where('id', '=', fresh.id)
      .execute();
    // Not yet: the ringing call's token is still valid.
    expect(await closeAbandonedCalls(database.db, staleMs)).toBe(1);
    expect(await findCall(database.db, live.id)).toMatchObject({
      status: 'failed',
      endReason: instanceGoneReason,
      endedAt: renewedAt,
      durationSec: 0,
      costUsd: 0,
    });
    expect((await findCall(database.db, fresh.id))?.status).toBe('in_progress');
    expect((await findCall(database.db, ringing.id))?.status).toBe('ringing');
    // Two minutes on, the ringing call's token has long expired: it never connected.
    expect(await closeAbandonedCalls(database.db, staleMs, new Date(Date.now() + 120_000))).toBe(2);
    expect(await findCall(database.db, ringing.id)).toMatchObject({
      status: 'failed',
      endReason: neverConnectedReason,
      streamTokenHash: null,
    });
    expect(await closeAbandonedCalls(database.db, staleMs, new Date(Date.now() + 120_000))).toBe(0);
  });
});
