/**
 * Benchmark: what a channel adds to a run. A Pi agent on the fake LLM, the Agent API in this
 * process on SQLite (`startTestPlatform`), a chat network at the channel contract's edge
 * (`@lifeosai/testkit/fake-channel`, so the figures are the platform's, not a network's):
 *  - added latency: a message delivered on a chat → its reply sent, against the same one-turn
 *    run started with `POST /api/agent/agents/:id/runs` → its end (medians over `--runs`);
 *  - sustained rate: `--messages` delivered at once across `--chats` chats → every message
 *    answered (replies batch the messages that arrived while a chat's run worked), messages/s.
 *
 *   npm run bench:channels -- [--runs 5] [--messages 100] [--chats 10]
 *
 * SQLite only: the Postgres figures come from `channel-cluster.test.ts`'s two instances (the
 * embedded Postgres is started by the test setup, not here).
 */
import { parseArgs } from 'node:util';
import { inbound, seedConnection, startTestPlatform } from '@lifeosai/agent-api/testing';
import { createFakeChannel } from '@lifeosai/testkit/fake-channel';
import { text } from '@lifeosai/testkit/fake-llm';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    messages: { type: 'string', default: '100' },
    chats: { type: 'string', default: '10' },
  },
});
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const fake = createFakeChannel();
const platform = await startTestPlatform('sqlite', {
  channelDrivers: [fake.driver],
  channelLimits: { senderPerWindow: 1_000_000, connectionPerWindow: 1_000_000 },
});
try {
  platform.fake.on(() => true, text('Answered.'));
  const agent = (
    await platform.call('POST', '/api/agent/agents', {
      name: 'Bench',
      adapterType: 'pi',
      adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
      limits: { maxConcurrentRuns: 16 },
    })
  ).body;
  const connectionId = await seedConnection(platform.database.db, { orgId: 'org_a', agentId: agent.id });
  await platform.channels.changed(connectionId);
  while (!fake.running.has(connectionId)) await new Promise((resolve) => setTimeout(resolve, 20));

  const api: number[] = [];
  const channel: number[] = [];
  for (let round = 0; round < Number(args.runs); round++) {
    const started = performance.now();
    const run = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'Hello.' }))
      .body;
    await platform.waitForRun(run.id);
    api.push(performance.now() - started);
    const before = fake.sent.length;
    const sent = performance.now();
    await fake.deliver([inbound('Hello.', { sender: `9${round}` })], connectionId);
    await fake.waitForSent((all) => all.length > before, 60_000);
    channel.push(performance.now() - sent);
  }
  console.log(`API run → end:            ${Math.round(median(api))} ms (median of ${api.length})`);
  console.log(
    `channel message → reply:  ${Math.round(median(channel))} ms (added ${Math.round(median(channel) - median(api))} ms)`,
  );

  const count = Number(args.messages);
  const chats = Number(args.chats);
  const markers = Array.from(
    { length: count },
    (_, index) => `B${index % chats}-${Math.floor(index / chats)}.`,
  );
  const before = fake.sent.length;
  const started = performance.now();
  await fake.deliver(
    markers.map((marker, index) => inbound(marker, { sender: `8${index % chats}` })),
    connectionId,
  );
  const answered = () =>
    fake.sent.slice(before).reduce((total, message) => total + (message.text === 'Answered.' ? 1 : 0), 0);
  // Every message is answered once, whether alone or in a batch: wait until no chat has open messages.
  for (;;) {
    const open = await platform.database.db
      .selectFrom('channelInbound')
      .select('id')
      .where('connectionId', '=', connectionId)
      .where('status', 'in', ['received', 'queued', 'running'])
      .executeTakeFirst();
    if (!open && answered() > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `sustained: ${count} messages in ${chats} chats answered in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(1)} messages/s (${answered()} replies: batched turns)`,
  );
} finally {
  await platform.close();
}
