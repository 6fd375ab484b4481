import { callDetailSchema, callListSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { toJson } from '@lifeosai/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCall, type NewCallInput } from '../domain/phone/calls.ts';
import type { Identity } from '../http/identity.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

const bob: Identity = { userId: 'usr_bob', orgId: 'org_a', role: 'member' };

// The calls' data is tested on both databases (domain/phone/call-views); these routes on one.
describe('call routes', () => {
  let platform: TestPlatform;
  let agentId: string;
  const ids: Record<'phone' | 'bobs', string> = { phone: '', bobs: '' };
  beforeAll(async () => {
    platform = await startTestPlatform('postgres');
    agentId = (await platform.call('POST', '/api/agent/agents', { name: 'helper', adapterType: 'pi' })).body
      .id;
    const base: NewCallInput = {
      orgId: 'org_a',
      agentId,
      source: 'twilio',
      phoneNumberId: 'phn_1',
      externalId: 'CA00000000000000000000000000000001',
      caller: '+15550001111',
      fromNumber: '+15550001111',
      toNumber: '+14155550100',
      userId: null,
      sessionId: null,
      status: 'refused',
      endReason: 'refused: the caller waits for approval',
    };
    ids.phone = (await createCall(platform.database.db, base)).call.id;
    ids.bobs = (
      await createCall(platform.database.db, {
        ...base,
        source: 'browser',
        phoneNumberId: null,
        externalId: null,
        caller: 'user:usr_bob',
        fromNumber: 'Bob',
        toNumber: null,
        userId: bob.userId,
        status: 'in_progress',
      })
    ).call.id;
    await platform.database.db
      .updateTable('calls')
      .set({ transcript: toJson([{ role: 'caller', text: 'Hi', at: new Date().toISOString() }]) })
      .where('id', '=', ids.bobs)
      .execute();
  }, 60_000);
  afterAll(async () => platform?.close());

  it('lists the calls one may read, newest first: the owner the phone calls, a member their own', async () => {
    const owner = await platform.call('GET', `/api/agent/calls?agentId=${agentId}`);
    expect(owner.status).toBe(200);
    expectContract(callListSchema, owner.body);
    expect(owner.body).toEqual({
      items: [
        expect.objectContaining({ id: ids.phone, from: '+15550001111', status: 'refused', costUsd: 0 }),
      ],
      nextCursor: null,
    });
    const member = await platform.call('GET', `/api/agent/calls?agentId=${agentId}&limit=5`, undefined, bob);
    expect(member.body.items.map((call: { id: string }) => call.id)).toEqual([ids.bobs]);
  });

  it('shows one call with its transcript to who may read it; 404 to anyone else', async () => {
    const mine = await platform.call('GET', `/api/agent/calls/${ids.bobs}`, undefined, bob);
    expect(mine.status).toBe(200);
    expectContract(callDetailSchema, mine.body);
    expect(mine.body).toMatchObject({
      source: 'browser',
      from: 'Bob',
      to: null,
      transcript: [{ role: 'caller', text: 'Hi' }],
    });
    const refused = await platform.call('GET', `/api/agent/calls/${ids.phone}`);
    expect(refused.body).toMatchObject({
      endReason: 'refused: the caller waits for approval',
      runIds: [],
      voice: null,
    });
    for (const [id, identity] of [
      [ids.bobs, alice],
      [ids.phone, bob],
      [ids.phone, mallory],
      ['call_unknown', alice],
    ] as const) {
      const hidden = await platform.call('GET', `/api/agent/calls/${id}`, undefined, identity);
      expect(hidden.status, `${id} as ${identity.userId}`).toBe(404);
      expect(hidden.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('needs the agent, and a cursor it gave; another organization’s agent is a 404', async () => {
    for (const [query, status] of [
      ['', 400],
      [`?agentId=${agentId}&limit=0`, 400],
      [`?agentId=${agentId}&cursor=nope`, 400],
      [`?agentId=agt_unknown`, 404],
    ] as const) {
      const answer = await platform.call('GET', `/api/agent/calls${query}`);
      expect(answer.status, query).toBe(status);
    }
    expect(
      (await platform.call('GET', `/api/agent/calls?agentId=${agentId}`, undefined, mallory)).status,
    ).toBe(404);
  });
});
