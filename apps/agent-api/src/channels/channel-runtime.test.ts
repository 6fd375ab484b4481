import { createFakeChannel, type FakeChannel } from '@lifeosai/testkit/fake-channel';
import { text } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbound, seedConnection } from '../testing/channel-seed.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

/**
 * The channel runtime over a network at the contract's edge (FakeChat), on a Pi agent and the
 * fake LLM: the journal, order per chat, sessions, the outbox, policies and commands.
 */
describe.each(['sqlite', 'postgres'] as const)('the channel runtime on %s', (dialect) => {
  let platform: TestPlatform;
  let fake: FakeChannel;
  let agentId = '';

  const connect = async (overrides: Parameters<typeof seedConnection>[2] = {}) => {
    const id = await seedConnection(platform.database.db, { orgId: alice.orgId, agentId }, overrides);
    await platform.channels.changed(id);
    await until(() => fake.running.has(id));
    return id;
  };
  const journal = (connectionId: string) =>
    platform.database.db
      .selectFrom('channelInbound')
      .selectAll()
      .where('connectionId', '=', connectionId)
      .orderBy('id')
      .execute();
  const sentTo = (chat: string) =>
    fake.sent.filter((message) => message.chatId === chat).map((message) => message.text);

  beforeAll(async () => {
    fake = createFakeChannel();
    platform = await startTestPlatform(dialect, {
      channelDrivers: [fake.driver],
      channelLimits: { senderPerWindow: 5 },
    });
    const created = await platform.call('POST', '/api/agent/agents', {
      name: 'Ada',
      adapterType: 'pi',
      adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    });
    agentId = created.body.id;
  }, 60_000);
  afterAll(() => platform?.close());

  it('answers a message, continues the session with the next one, and makes one run of a redelivery', async () => {
    const connectionId = await connect();
    platform.fake.on((call) => call.lastUserText.includes('PLUM'), text('Got PLUM.'));
    platform.fake.on((call) => call.lastUserText.includes('PEAR'), text('Got PEAR.'));
    const first = inbound('hello PLUM', { sender: '2001' });
    await fake.deliver([first]);
    await fake.deliver([first]); // the network redelivers: journaled once
    await fake.waitForSent(() => sentTo('2001').includes('Got PLUM.'));
    await fake.deliver([inbound('and PEAR', { sender: '2001' })]);
    await fake.waitForSent(() => sentTo('2001').some((line) => line.includes('PEAR')));
    const rows = await journal(connectionId);
    expect(rows.map((row) => row.status)).toEqual(['done', 'done']);
    const runs = await Promise.all(rows.map((row) => platform.call('GET', `/api/agent/runs/${row.runId}`)));
    expect(runs[0]!.body.sessionId).toBe(runs[1]!.body.sessionId);
    expect(runs[0]!.body.trigger).toMatchObject({ kind: 'channel', by: '2001', byName: 'Person 2001' });
    expect(sentTo('2001')).toEqual(['Got PLUM.', 'Got PEAR.']);
    // Untrusted input is marked as such in the prompt.
    expect(
      platform.fake.requests.some((request) => JSON.stringify(request.body).includes('untrusted user input')),
    ).toBe(true);
  });
});

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
