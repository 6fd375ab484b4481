import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../../testing/seed.ts';
import { decideCaller } from './callers.ts';
import {
  createPhoneNumber,
  deletePhoneNumber,
  findPhoneNumberByNumber,
  getPhoneNumber,
  listPhoneNumbers,
  phoneNumberViews,
} from './numbers.ts';

describe.each(testDialects)('phone numbers on %s', (dialect) => {
  let database: TestDatabase;
  let agentId: string;
  let otherAgentId: string;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    agentId = (await seedAgent(database.db, { orgId: 'org_a' })).agentId;
    otherAgentId = (await seedAgent(database.db, { orgId: 'org_b' })).agentId;
  }, 60_000);
  afterAll(async () => database?.cleanup());

  const owner = (id = agentId, orgId = 'org_a') => ({ orgId, userId: 'usr_alice', agentId: id });

  it('creates a number with the defaults, lists it by agent and finds it by number', async () => {
    const row = await createPhoneNumber(database.db, owner(), { number: '+14155550100' });
    expect(row).toMatchObject({
      agentId,
      orgId: 'org_a',
      number: '+14155550100',
      callers: 'pairing',
      allow: [],
      maxCallSeconds: 600,
      createdBy: 'usr_alice',
    });
    const second = await createPhoneNumber(database.db, owner(), {
      number: '+14155550101',
      callers: 'allowlist',
      allow: ['+442071838750', '+442071838750'],
      maxCallSeconds: 60,
    });
    expect(second).toMatchObject({ callers: 'allowlist', allow: ['+442071838750'], maxCallSeconds: 60 });
    expect((await listPhoneNumbers(database.db, 'org_a', agentId)).map((number) => number.id)).toEqual([
      row.id,
      second.id,
    ]);
    expect(await listPhoneNumbers(database.db, 'org_b', agentId)).toEqual([]);
    expect((await findPhoneNumberByNumber(database.db, '+14155550100'))?.id).toBe(row.id);
    expect(await findPhoneNumberByNumber(database.db, '+14155550199')).toBeUndefined();
    await expect(getPhoneNumber(database.db, 'org_b', row.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives a number to one agent across the instance: another organization gets 409, also racing', async () => {
    await expect(
      createPhoneNumber(database.db, owner(otherAgentId, 'org_b'), { number: '+14155550100' }),
    ).rejects.toMatchObject({ code: 'PHONE_NUMBER_IN_USE', status: 409 });
    const raced = await Promise.allSettled([
      createPhoneNumber(database.db, owner(), { number: '+14155550150' }),
      createPhoneNumber(database.db, owner(otherAgentId, 'org_b'), { number: '+14155550150' }),
    ]);
    expect(raced.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('shows the voice URL to paste in Twilio and the callers waiting; deleting forgets those', async () => {
    const row = await createPhoneNumber(database.db, owner(), { number: '+14155550160' });
    await decideCaller(database.db, row, '+15005550006');
    const [view] = await phoneNumberViews(database.db, [row], 'https://lifeos.example.com/');
    expect(view).toMatchObject({
      id: row.id,
      voiceUrl: 'https://lifeos.example.com/api/phone/twilio/voice',
      pendingCallers: 1,
    });
    expect((await phoneNumberViews(database.db, [row], undefined))[0]?.voiceUrl).toBeNull();
    await deletePhoneNumber(database.db, row);
    expect(await findPhoneNumberByNumber(database.db, '+14155550160')).toBeUndefined();
    const callers = await database.db
      .selectFrom('phoneCallers')
      .select('id')
      .where('phoneNumberId', '=', row.id)
      .execute();
    expect(callers).toEqual([]);
    // The number is free again.
    await createPhoneNumber(database.db, owner(otherAgentId, 'org_b'), { number: '+14155550160' });
  });
});
