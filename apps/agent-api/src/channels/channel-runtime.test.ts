import { createFakeChannel, type FakeChannel } from '@lifeosai/testkit/fake-channel';
import { stall, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbound, seedConnection } from '../testing/channel-seed.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

/**
 * The channel runtime over a network at the contract's edge (FakeChat), on a Pi agent and the
 * fake LLM: the journal, order per chat, sessions, the outbox, policies and commands.
 */
/**
 * Every wait here covers one sandboxed Pi run and its reply: 1–2 s on a quiet machine, up to
 * ~9 s measured with the machine at load 18 (this file took 101 s then, its first case 27 s for
 * three runs). CI runs it beside the browser tests, so waits and cases are sized for that, not
 * for a quiet machine: a bound too tight made this file fail a different case per CI run.
 */
const runMs = 20_000;

// SQLite only: the same queries run on Postgres in the two-instance test (channel-cluster.test.ts).
describe.each(['sqlite'] as const)('the channel runtime on %s', { timeout: 90_000 }, (dialect) => {
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
    await fake.waitForSent(() => sentTo('2001').includes('Got PLUM.'), runMs);
    await fake.deliver([inbound('and PEAR', { sender: '2001' })]);
    await fake.waitForSent(() => sentTo('2001').some((line) => line.includes('PEAR')), runMs);
    const rows = await journal(connectionId);
    expect(rows.map((row) => row.status)).toEqual(['done', 'done']);
    const runs = await Promise.all(rows.map((row) => platform.call('GET', `/api/agent/runs/${row.runId}`)));
    expect(runs[0]!.body.sessionId).toBe(runs[1]!.body.sessionId);
    expect(runs[0]!.body.trigger).toMatchObject({ kind: 'channel', by: '2001', byName: 'Person 2001' });
    expect(sentTo('2001')).toEqual(['Got PLUM.', 'Got PEAR.']);
    // /new: the next message starts a fresh session.
    platform.fake.on((call) => call.lastUserText.includes('QUINCE'), text('Got QUINCE.'));
    await fake.deliver(
      [inbound('/new', { sender: '2001' }), inbound('QUINCE', { sender: '2001' })],
      connectionId,
    );
    await fake.waitForSent(() => sentTo('2001').includes('Got QUINCE.'), runMs);
    expect(sentTo('2001').slice(2)).toEqual([
      'New conversation: the next message starts fresh.',
      'Got QUINCE.',
    ]);
    const fresh = (await journal(connectionId)).find((row) => row.text === 'QUINCE')!;
    const freshRun = await platform.call('GET', `/api/agent/runs/${fresh.runId}`);
    expect(freshRun.body.sessionId).not.toBe(runs[0]!.body.sessionId);
    // Untrusted input is marked as such in the prompt.
    expect(
      platform.fake.requests.some((request) => JSON.stringify(request.body).includes('untrusted user input')),
    ).toBe(true);
  });

  it('pairs an unknown sender: one code, its messages wait, then run in order once approved', async () => {
    const connectionId = await connect({ senders: 'pairing' });
    platform.fake.on(
      (call) => call.lastUserText.includes('KIWI'),
      (call) => text(`Answer to ${call.lastUserText.match(/KIWI-\d/g)?.join(' ')}`),
    );
    await fake.deliver(
      [inbound('KIWI-1', { sender: '3001' }), inbound('KIWI-2', { sender: '3001' })],
      connectionId,
    );
    await fake.waitForSent(() => sentTo('3001').some((line) => line.includes('pairing code')), runMs);
    const sender = await platform.database.db
      .selectFrom('channelSenders')
      .selectAll()
      .where('connectionId', '=', connectionId)
      .executeTakeFirstOrThrow();
    expect(sender).toMatchObject({ senderId: '3001', status: 'pending' });
    expect(sentTo('3001')[0]).toContain(sender.code!);
    expect((await journal(connectionId)).map((row) => row.status)).toEqual(['queued', 'queued']);
    await platform.database.db
      .updateTable('channelSenders')
      .set({ status: 'approved' })
      .where('id', '=', sender.id)
      .execute();
    await platform.channels.senderDecided(connectionId, '3001', true);
    await fake.waitForSent(() => sentTo('3001').some((line) => line.startsWith('Answer to')), runMs);
    // Both waiting messages make one turn, in order.
    expect(sentTo('3001').filter((line) => line.startsWith('Answer to'))).toEqual([
      'Answer to KIWI-1 KIWI-2',
    ]);
    expect(sentTo('3001').filter((line) => line.includes('pairing code'))).toHaveLength(1);
  });

  it('allowlist: a stranger is told once and ignored; groups answer only a mention; rate limits reply once', async () => {
    const connectionId = await connect({ senders: 'allowlist', allow: ['4001'] });
    await fake.deliver(
      [inbound('hi', { sender: '4999' }), inbound('hi again', { sender: '4999' })],
      connectionId,
    );
    await fake.deliver(
      [inbound('chatter', { sender: '4001', chat: '-77', group: true, mentioned: false })],
      connectionId,
    );
    platform.fake.on((call) => call.lastUserText.includes('GROUPQ'), text('Group answer.'));
    await fake.deliver(
      [inbound('GROUPQ', { sender: '4001', chat: '-77', group: true, mentioned: true })],
      connectionId,
    );
    await fake.waitForSent(() => sentTo('-77').includes('Group answer.'), runMs);
    expect(sentTo('4999')).toEqual([expect.stringContaining('only talks to people its owner added')]);
    const rows = await journal(connectionId);
    expect(rows.map((row) => row.outcome)).toEqual([
      'the sender is not on the allow list',
      'the sender is not on the allow list',
      'a group message not addressed to the bot',
      null,
    ]);
    // 5 per window for this platform, counting every message of the sender (the group ones too):
    // the 6th and later (BURST 3, 4, 5 and "more") are set aside, with one polite reply.
    platform.fake.on((call) => call.lastUserText.includes('BURST'), text('ok'));
    await fake.deliver(
      Array.from({ length: 6 }, (_, index) => inbound(`BURST ${index}`, { sender: '4001' })),
      connectionId,
    );
    await fake.waitForSent(
      () => sentTo('4001').some((line) => line.includes('faster than I can answer')),
      runMs,
    );
    await fake.deliver([inbound('BURST more', { sender: '4001' })], connectionId);
    await until(
      async () =>
        (await journal(connectionId)).filter((row) => row.outcome === 'sender rate limit').length === 4,
    );
    expect(sentTo('4001').filter((line) => line.includes('faster than I can answer'))).toHaveLength(1);
  });

  it('splits a long reply at the limit, and /stop cancels the run while a message waits behind it', async () => {
    const connectionId = await connect();
    const long = Array.from({ length: 5 }, (_, index) =>
      `Paragraph ${index} ${'word '.repeat(25)}`.trim(),
    ).join('\n\n');
    platform.fake.on((call) => call.lastUserText.includes('LONGQ'), text(long));
    await fake.deliver([inbound('LONGQ', { sender: '5001' })], connectionId);
    await fake.waitForSent(() => sentTo('5001').length >= 5, runMs);
    expect(sentTo('5001').every((part) => part.length <= 200)).toBe(true);
    expect(sentTo('5001').join('\n\n')).toBe(long);

    platform.fake.on((call) => call.lastUserText.includes('SLOWQ'), stall());
    platform.fake.on((call) => call.lastUserText.includes('AFTERQ'), text('After the stop.'));
    await fake.deliver([inbound('SLOWQ', { sender: '5002' })], connectionId);
    await until(async () => (await journal(connectionId)).some((row) => row.text === 'SLOWQ' && row.runId));
    await fake.deliver(
      [inbound('AFTERQ', { sender: '5002' }), inbound('/stop', { sender: '5002' })],
      connectionId,
    );
    await fake.waitForSent(() => sentTo('5002').includes('After the stop.'), runMs);
    expect(sentTo('5002')).toEqual(['Stopping the current task.', 'Stopped.', 'After the stop.']);
    expect(fake.typing).toContain('5002'); // "typing…" while the slow run worked
    const rows = await journal(connectionId);
    const slow = rows.find((row) => row.text === 'SLOWQ')!;
    expect((await platform.call('GET', `/api/agent/runs/${slow.runId}`)).body.status).toBe('cancelled');
  });

  it('lets the agent write first with send_message, once per tool call', async () => {
    const connectionId = await connect();
    platform.fake.on(
      (call) => call.lastUserText.includes('SENDQ') && call.lastMessageIsToolResult,
      text('Sent it.'),
    );
    platform.fake.on(
      (call) =>
        call.lastUserText.includes('SENDQ') && call.toolNames.some((name) => name.endsWith('send_message')),
      (call) =>
        toolCall({
          name: call.toolNames.find((name) => name.endsWith('send_message'))!,
          input: { text: 'A note, first.' },
        }),
    );
    await fake.deliver([inbound('SENDQ', { sender: '6001' })], connectionId);
    await fake.waitForSent(() => sentTo('6001').includes('Sent it.'), runMs);
    expect(sentTo('6001')).toEqual(['A note, first.', 'Sent it.']);
    const keys = await platform.database.db
      .selectFrom('channelOutbox')
      .select('idempotencyKey')
      .where('connectionId', '=', connectionId)
      .orderBy('id')
      .execute();
    expect(keys.map((row) => row.idempotencyKey.split(':')[0])).toEqual(['tool', 'reply']);
  });

  it('takes a file in and sends one out, journals webhooks with their secret, and retries sends', async () => {
    const connectionId = await connect({ transport: 'webhook', webhookSecret: 'hook-secret' });
    await platform.secrets.create(alice.orgId, 'hook-secret', 'S3CRET-HOOK', alice.userId);
    fake.files.set('file-1', new TextEncoder().encode('grocery list: figs'));
    const withFile = {
      ...inbound('MEDIAQ see the list', { sender: '7001' }),
      media: [{ kind: 'document' as const, fileName: 'list.txt', mimeType: 'text/plain', ref: 'file-1' }],
    };
    platform.fake.on(
      (call) =>
        call.lastUserText.includes('MEDIAQ') &&
        call.toolNames.some((name) => name.endsWith('send_message')) &&
        !call.lastMessageIsToolResult,
      (call) =>
        toolCall({
          name: call.toolNames.find((name) => name.endsWith('send_message'))!,
          input: {
            text: 'Here it is back.',
            file: /\[attached file: (attachments\/[^\]]+)\]/.exec(call.lastUserText)![1],
          },
        }),
    );
    platform.fake.on(
      (call) => call.lastUserText.includes('MEDIAQ') && call.lastMessageIsToolResult,
      text('Done with the file.'),
    );
    const delivery = (secret: string) => ({
      headers: { 'x-fake-secret': secret },
      body: { messages: [withFile] },
    });
    expect(await platform.channels.acceptWebhook(connectionId, delivery('wrong'))).toBe('unauthorized');
    expect(await platform.channels.acceptWebhook('chn_missing', delivery('S3CRET-HOOK'))).toBe('not_found');
    fake.failSends(2, true);
    expect(await platform.channels.acceptWebhook(connectionId, delivery('S3CRET-HOOK'))).toBe('accepted');
    expect(await platform.channels.acceptWebhook(connectionId, delivery('S3CRET-HOOK'))).toBe('accepted');
    await fake.waitForSent(() => sentTo('7001').includes('Done with the file.'), runMs);
    const withMedia = fake.sent.find((message) => message.chatId === '7001' && message.media);
    expect(new TextDecoder().decode(withMedia!.media![0]!.data)).toBe('grocery list: figs');
    expect(sentTo('7001')).toEqual(['Here it is back.', 'Done with the file.']);
    expect((await journal(connectionId)).map((row) => row.status)).toEqual(['done']);
    const retried = await platform.database.db
      .selectFrom('channelOutbox')
      .selectAll()
      .where('connectionId', '=', connectionId)
      .orderBy('id')
      .execute();
    expect(retried[0]).toMatchObject({ status: 'sent', attempts: 2 });

    // A failure that can never succeed is given up at once, with the network's words.
    fake.failSends(1, false);
    platform.fake.on((call) => call.lastUserText.includes('LOSTQ'), text('Never arrives.'));
    await fake.deliver([inbound('LOSTQ', { sender: '7002' })], connectionId);
    await until(
      async () =>
        (
          await platform.database.db
            .selectFrom('channelOutbox')
            .selectAll()
            .where('status', '=', 'failed')
            .execute()
        ).length === 1,
    );
    const failed = await platform.database.db
      .selectFrom('channelOutbox')
      .selectAll()
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ attempts: 1, lastError: 'FakeChat is unavailable right now.' });
  });

  it("asks the trusted sender's chat for a permission with buttons, answered only by that sender", async () => {
    const asking = await platform.call('POST', '/api/agent/agents', {
      name: 'Careful',
      adapterType: 'pi',
      adapterConfig: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        permissions: { mode: 'ask', askTimeoutMs: 60_000 },
      },
    });
    const connectionId = await seedConnection(
      platform.database.db,
      { orgId: alice.orgId, agentId: asking.body.id },
      { senders: 'open', allow: ['8001'] },
    );
    await platform.channels.changed(connectionId);
    await until(() => fake.running.has(connectionId));
    platform.fake.on(
      (call) => call.lastUserText.includes('PERMQ') && call.lastMessageIsToolResult,
      text('Listed.'),
    );
    platform.fake.on(
      (call) => call.lastUserText.includes('PERMQ'),
      (call) =>
        toolCall({ name: call.toolNames.find((name) => name.endsWith('list_agent_files'))!, input: {} }),
    );
    await fake.deliver([inbound('PERMQ', { sender: '8001' })], connectionId);
    await fake.waitForSent(
      () => fake.sent.some((message) => message.chatId === '8001' && message.buttons),
      runMs,
    );
    const question = fake.sent.find((message) => message.chatId === '8001' && message.buttons)!;
    expect(question.text).toContain('list_agent_files');
    const [allow] = question.buttons![0]!;
    const press = (sender: string) => ({ ...inbound('', { sender, chat: '8001' }), buttonData: allow!.data });
    // Someone else in the chat cannot answer; the trusted sender can.
    await fake.deliver([press('8999')], connectionId);
    await until(async () =>
      (await journal(connectionId)).some((row) => row.outcome === 'a button pressed by someone not trusted'),
    );
    await fake.deliver([press('8001')], connectionId);
    await fake.waitForSent(() => sentTo('8001').includes('Listed.'), runMs);
    expect(sentTo('8001').slice(1)).toEqual(['Allowed.', 'Listed.']);
  });

  it("sends a heartbeat's result to the home chat of each connection: trusted senders only", async () => {
    platform.fake.on((call) => call.lastUserText.includes('HEARTBEATQ'), text('Morning summary.'));
    const before = fake.sent.length;
    const { run } = await platform.orchestrator.wake({
      orgId: alice.orgId,
      agentId,
      source: 'heartbeat',
      trigger: { kind: 'heartbeat' },
      prompt: 'HEARTBEATQ',
    });
    await platform.waitForRun(run.id);
    await fake.waitForSent(
      (sent) => sent.slice(before).filter((message) => message.text === 'Morning summary.').length >= 2,
      runMs,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The approved pairing sender (3001) and the allow-listed one (4001); never the open
    // connections' strangers, nor a group.
    const homes = fake.sent.slice(before).filter((message) => message.text === 'Morning summary.');
    expect(homes.map((message) => message.chatId).sort()).toEqual(['3001', '4001']);
  });
});

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = runMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
