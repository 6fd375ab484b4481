import { phoneNumberListSchema, phoneNumberSchema, phonePairingListSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideCaller } from '../domain/phone/callers.ts';
import { getPhoneNumber } from '../domain/phone/numbers.ts';
import type { Identity } from '../http/identity.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

const bob: Identity = { userId: 'usr_bob', orgId: 'org_a', role: 'member' };
const carol: Identity = { userId: 'usr_carol', orgId: 'org_a', role: 'admin' };

// The numbers' data is tested on both databases (domain/phone); these routes on one.
describe('phone number routes', () => {
  let platform: TestPlatform;
  let agentId: string;
  let otherAgentId: string;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite', { publicUrl: 'https://lifeos.example.test' });
    const create = (name: string) => platform.call('POST', '/api/agent/agents', { name, adapterType: 'pi' });
    agentId = (await create('helper')).body.id;
    otherAgentId = (await create('other')).body.id;
  }, 60_000);
  afterAll(async () => platform?.close());

  const add = (body: unknown, id = agentId, identity: Identity = alice) =>
    platform.call('POST', `/api/agent/agents/${id}/phone-numbers`, body, identity);
  const auditActions = async (targetId: string) =>
    (
      await platform.database.db
        .selectFrom('auditLog')
        .select(['action', 'data'])
        .where('targetId', '=', targetId)
        .orderBy('id')
        .execute()
    ).map((entry) => ({ action: entry.action, data: entry.data }));

  it('adds a number: 201 with the voice URL to paste in Twilio; lists it; one agent per number', async () => {
    const created = await add({ number: ' +14155550100 ', allow: ['+15550001111'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectContract(phoneNumberSchema, created.body);
    expect(created.body).toMatchObject({
      agentId,
      number: '+14155550100',
      callers: 'pairing',
      allow: ['+15550001111'],
      maxCallSeconds: 600,
      voiceUrl: 'https://lifeos.example.test/api/phone/twilio/voice',
      pendingCallers: 0,
    });
    const listed = await platform.call('GET', `/api/agent/agents/${agentId}/phone-numbers`, undefined, bob);
    expect(listed.status).toBe(200);
    expectContract(phoneNumberListSchema, listed.body);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    const again = await add({ number: '+14155550100' }, otherAgentId);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'PHONE_NUMBER_IN_USE',
      message: expect.stringContaining('+14155550100'),
    });
    expect(await auditActions(created.body.id)).toEqual([
      { action: 'phone_number.created', data: { agentId, userId: alice.userId, number: '+14155550100' } },
    ]);
  });

  it('refuses a number that is not E.164, an unknown policy and unknown fields with a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ number: '415 555 0100' }, 'number'],
      [{ number: '+14155550101', callers: 'everyone' }, 'callers'],
      [{ number: '+14155550101', allow: ['0800'] }, 'allow.0'],
      [{ number: '+14155550101', maxCallSeconds: 5 }, 'maxCallSeconds'],
      [{ number: '+14155550101', voice: 'x' }, 'body'],
      [{}, 'number'],
    ] as const) {
      const refused = await add(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('INVALID_REQUEST');
      expect(
        refused.body.error.message.startsWith(`${field}:`) || field === 'body',
        refused.body.error.message,
      ).toBe(true);
    }
  });

  it('lets only those who edit the agent change numbers and decide callers; another organization sees none', async () => {
    expect((await add({ number: '+14155550102' }, agentId, bob)).status).toBe(403);
    expect((await add({ number: '+14155550102' }, agentId, mallory)).status).toBe(404);
    const created = await add({ number: '+14155550102' }, agentId, carol);
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (const [method, path] of [
      ['DELETE', `/api/agent/phone-numbers/${id}`],
      ['POST', `/api/agent/phone-numbers/${id}/pairings/ABC123/approve`],
      ['POST', `/api/agent/phone-numbers/${id}/pairings/ABC123/deny`],
    ] as const) {
      const asMember = await platform.call(method, path, undefined, bob);
      expect(asMember.status, `${method} ${path}`).toBe(403);
      expect(asMember.body.error.code).toBe('FORBIDDEN');
      expect((await platform.call(method, path, undefined, mallory)).status, `${method} ${path}`).toBe(404);
    }
    for (const path of [
      `/api/agent/agents/${agentId}/phone-numbers`,
      `/api/agent/phone-numbers/${id}/pairings`,
    ]) {
      expect((await platform.call('GET', path, undefined, mallory)).status, path).toBe(404);
    }
    expect((await platform.call('DELETE', '/api/agent/phone-numbers/phn_unknown')).status).toBe(404);
  });

  it('lists callers waiting and approves or denies each once (admins), audited', async () => {
    const { id } = (await add({ number: '+14155550103' })).body;
    const number = await getPhoneNumber(platform.database.db, 'org_a', id);
    await decideCaller(platform.database.db, number, '+15550002222');
    await decideCaller(platform.database.db, number, '+15550003333');
    const waiting = await platform.call('GET', `/api/agent/phone-numbers/${id}/pairings`, undefined, bob);
    expect(waiting.status).toBe(200);
    expectContract(phonePairingListSchema, waiting.body);
    expect(waiting.body.items.map((item: { caller: string }) => item.caller)).toEqual([
      '+15550002222',
      '+15550003333',
    ]);
    const listed = await platform.call('GET', `/api/agent/agents/${agentId}/phone-numbers`);
    expect(listed.body.items.find((item: { id: string }) => item.id === id).pendingCallers).toBe(2);
    const [first, second] = waiting.body.items;
    const decide = (code: string, verdict: string) =>
      platform.call('POST', `/api/agent/phone-numbers/${id}/pairings/${code}/${verdict}`);
    expect((await decide(first.code.toLowerCase(), 'approve')).status).toBe(204);
    expect((await decide(second.code, 'deny')).status).toBe(204);
    const used = await decide(first.code, 'deny');
    expect(used.status).toBe(404);
    expect(used.body.error.message).toMatch(/pairings/);
    expect(
      (await platform.call('POST', `/api/agent/phone-numbers/${id}/pairings/${'x'.repeat(40)}/approve`))
        .status,
    ).toBe(400);
    expect((await platform.call('GET', `/api/agent/phone-numbers/${id}/pairings`)).body.items).toEqual([]);
    expect((await auditActions(id)).map((entry) => entry.action)).toEqual([
      'phone_number.created',
      'phone.caller_approved',
      'phone.caller_denied',
    ]);
    expect((await auditActions(id))[1]?.data).toMatchObject({ caller: '+15550002222' });
  });

  it('removes a number (204, audited) and frees it; deleting the agent frees its numbers too', async () => {
    const { id } = (await add({ number: '+14155550104' })).body;
    expect((await platform.call('DELETE', `/api/agent/phone-numbers/${id}`)).status).toBe(204);
    expect((await platform.call('DELETE', `/api/agent/phone-numbers/${id}`)).status).toBe(404);
    expect((await auditActions(id)).map((entry) => entry.action)).toEqual([
      'phone_number.created',
      'phone_number.deleted',
    ]);
    expect((await add({ number: '+14155550104' }, otherAgentId)).status).toBe(201);
    expect((await platform.call('DELETE', `/api/agent/agents/${otherAgentId}`)).status).toBe(204);
    expect((await add({ number: '+14155550104' })).status).toBe(201);
  });
});
