import { nowIso, type PhoneNumber } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../../testing/seed.ts';
import { callerOverLimit, decideCaller, decideCallerPairing, listPendingCallers } from './callers.ts';
import { createCall } from './calls.ts';
import { createPhoneNumber } from './numbers.ts';

describe.each(testDialects)('phone callers on %s', (dialect) => {
  let database: TestDatabase;
  let agentId: string;
  let pairing: PhoneNumber;
  let allowlist: PhoneNumber;
  let open: PhoneNumber;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    agentId = (await seedAgent(database.db, { orgId: 'org_a' })).agentId;
    const owner = { orgId: 'org_a', userId: 'usr_alice', agentId };
    pairing = await createPhoneNumber(database.db, owner, {
      number: '+14155550100',
      allow: ['+15550001111'],
    });
    allowlist = await createPhoneNumber(database.db, owner, {
      number: '+14155550101',
      callers: 'allowlist',
      allow: ['+15550001111'],
    });
    open = await createPhoneNumber(database.db, owner, { number: '+14155550102', callers: 'open' });
  }, 60_000);
  afterAll(async () => database?.cleanup());

  it('admits the allow list and anyone on an open number; refuses strangers on an allow list and hidden numbers', async () => {
    const decide = (number: PhoneNumber, caller: string) => decideCaller(database.db, number, caller);
    expect(await decide(pairing, '+15550001111')).toEqual({ kind: 'admit' });
    expect(await decide(allowlist, '+15550001111')).toEqual({ kind: 'admit' });
    expect(await decide(allowlist, '+15550002222')).toEqual({ kind: 'refuse', reason: 'not_allowed' });
    expect(await decide(open, '+15550002222')).toEqual({ kind: 'admit' });
    expect(await decide(open, 'anonymous')).toEqual({ kind: 'admit' });
    expect(await decide(pairing, 'anonymous')).toEqual({ kind: 'refuse', reason: 'hidden_number' });
    expect(await decide(allowlist, 'client:alice')).toEqual({ kind: 'refuse', reason: 'hidden_number' });
    // Only the pairing number stores strangers.
    expect(await listPendingCallers(database.db, allowlist.id)).toEqual([]);
  });

  it('pairs a stranger once with a code, lists it, and the decision holds on every number of the agent', async () => {
    const first = await decideCaller(database.db, pairing, '+15550003333');
    expect(first).toEqual({
      kind: 'refuse',
      reason: 'pending',
      newPending: { code: expect.stringMatching(/^[A-Z2-9]{6}$/) },
    });
    const code = first.kind === 'refuse' ? first.newPending!.code : '';
    // Calling again (or concurrently) keeps the first code and tells nobody twice.
    const again = await Promise.all([
      decideCaller(database.db, pairing, '+15550003333'),
      decideCaller(database.db, pairing, '+15550003333'),
    ]);
    expect(again).toEqual([
      { kind: 'refuse', reason: 'pending' },
      { kind: 'refuse', reason: 'pending' },
    ]);
    const waiting = await listPendingCallers(database.db, pairing.id);
    expect(waiting).toEqual([{ code, caller: '+15550003333', requestedAt: expect.any(String) }]);

    const decide = (approved: boolean, codeGiven = code, phoneNumberId = pairing.id) =>
      decideCallerPairing(database.db, { phoneNumberId, code: codeGiven, approved, userId: 'usr_alice' });
    await expect(decide(true, code, allowlist.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await decide(true, ` ${code.toLowerCase()} `)).toBe('+15550003333');
    await expect(decide(false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listPendingCallers(database.db, pairing.id)).toEqual([]);
    expect(await decideCaller(database.db, pairing, '+15550003333')).toEqual({ kind: 'admit' });
    expect(await decideCaller(database.db, allowlist, '+15550003333')).toEqual({ kind: 'admit' });
  });

  it('refuses a denied caller from then on', async () => {
    const first = await decideCaller(database.db, pairing, '+15550004444');
    const code = first.kind === 'refuse' ? first.newPending!.code : '';
    await decideCallerPairing(database.db, {
      phoneNumberId: pairing.id,
      code,
      approved: false,
      userId: 'usr_alice',
    });
    expect(await decideCaller(database.db, pairing, '+15550004444')).toEqual({
      kind: 'refuse',
      reason: 'denied',
    });
    const row = await database.db
      .selectFrom('phoneCallers')
      .select(['status', 'code', 'decidedBy'])
      .where('caller', '=', '+15550004444')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'denied', code: null, decidedBy: 'usr_alice' });
  });

  it('counts a caller’s calls to a number in the window, not a retry of the same call', async () => {
    const limits = { perWindow: 2, windowMs: 60_000 };
    const call = (sid: string) =>
      createCall(database.db, {
        orgId: 'org_a',
        agentId,
        source: 'twilio',
        phoneNumberId: open.id,
        externalId: sid,
        caller: '+15550005555',
        fromNumber: '+15550005555',
        toNumber: open.number,
        userId: null,
        sessionId: null,
        status: 'refused',
      });
    const over = (sid: string, now?: number) =>
      callerOverLimit(
        database.db,
        { phoneNumberId: open.id, caller: '+15550005555', externalId: sid },
        limits,
        now,
      );
    expect(await over('CA1')).toBe(false);
    await call('CA1');
    await call('CA2');
    expect(await over('CA3')).toBe(true);
    expect(await over('CA2')).toBe(false);
    expect(await over('CA3', Date.now() + 61_000)).toBe(false);
    expect(
      await callerOverLimit(
        database.db,
        { phoneNumberId: open.id, caller: '+15550006666', externalId: 'CA3' },
        limits,
      ),
    ).toBe(false);
    // An old call does not count.
    await database.db
      .updateTable('calls')
      .set({ startedAt: new Date(Date.now() - 120_000).toISOString(), updatedAt: nowIso() })
      .where('externalId', '=', 'CA1')
      .execute();
    expect(await over('CA3')).toBe(false);
  });
});
