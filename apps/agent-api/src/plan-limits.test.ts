import { seedOrgBilling } from '@lifeosai/billing/testing';
import type { Plan } from '@lifeosai/config';
import { createFakeChannel, type FakeChannel } from '@lifeosai/testkit/fake-channel';
import { text } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wakeAgent } from './domain/wakes.ts';
import { heartbeatTick } from './orchestration/heartbeat.ts';
import { inbound, seedConnection } from './testing/channel-seed.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from './testing/test-platform.ts';

const plans: Plan[] = [
  { id: 'free', name: 'Free', includedUsd: 0, limits: { agents: 2, concurrentRuns: 1, periodUsd: 1 } },
];
const piAgent = {
  name: 'Pi helper',
  adapterType: 'pi',
  adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
} as const;

// The refusal rule itself runs on both databases in @lifeosai/billing; here, the doors that use it.
describe('plan limits in the Agent API (billing on, SQLite)', () => {
  let platform: TestPlatform;
  let channel: FakeChannel;
  beforeAll(async () => {
    channel = createFakeChannel();
    platform = await startTestPlatform('sqlite', {
      billing: { enabled: true, plans },
      channelDrivers: [channel.driver],
    });
  });
  afterAll(() => platform?.close());

  it('refuses a new run past the concurrent-run and period limits; the run already going finishes', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', piAgent)).body;
    // One slow answer that costs $3 (1M input tokens of claude-sonnet-4-6): past the $1 limit.
    platform.fake.on(
      (call) => call.lastUserText.includes('expensive'),
      text('Done at last.', { chunks: 5, delayMs: 100, usage: { inputTokens: 1_000_000, outputTokens: 10 } }),
    );
    const first = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
      prompt: 'expensive work',
    });
    expect(first.status).toBe(202);

    const second = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'more' });
    expect(second.status).toBe(402);
    expect(second.body.error.code).toBe('PLAN_LIMIT_REACHED');
    expect(second.body.error.message).toMatch(
      /The Free plan allows 1 run at once across the organization and 1 is queued or running/,
    );

    expect((await platform.waitForRun(first.body.id)).status).toBe('succeeded');
    const third = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'more' });
    expect(third.status).toBe(402);
    expect(third.body.error).toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      message: expect.stringMatching(
        /The Free plan's usage limit of \$1 per billing period is reached \(\$3\.\d{4} used since .*upgrade the plan in Billing, or wait for the period to end on \d{4}-\d\d-\d\d/,
      ),
    });

    // A heartbeat slot is skipped with the reason (the item stays due), not a crash loop.
    await platform.call('PATCH', `/api/agent/agents/${agent.id}`, {
      heartbeat: { enabled: true, intervalSec: 60 },
    });
    await platform.call('POST', `/api/agent/agents/${agent.id}/inbox`, { text: 'water the plants' });
    const at = new Date(Date.parse(agent.createdAt) + 61_000 + 60_000 * 60);
    const outcomes = await heartbeatTick(platform.database.db, platform.orchestrator, at);
    expect(outcomes.filter((outcome) => outcome.agentId === agent.id)).toEqual([
      expect.objectContaining({
        action: 'skipped',
        reason: expect.stringMatching(/^The Free plan's usage limit/),
      }),
    ]);
    const inbox = (await platform.call('GET', `/api/agent/agents/${agent.id}/inbox`)).body;
    expect(inbox.items).toEqual([expect.objectContaining({ text: 'water the plants', runId: null })]);

    // Billing off: the same organization is not limited.
    const { run } = await wakeAgent(
      platform.database.db,
      {
        orgId: alice.orgId,
        agentId: agent.id,
        source: 'manual',
        trigger: { kind: 'api', by: alice.userId },
        prompt: 'free again',
      },
      { enabled: false, plans },
    );
    expect((await platform.waitForRun(run.id)).status).toBe('succeeded');
  });

  it('refuses new runs while the payment failed, and agents past the plan', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', piAgent, mallory)).body;
    await platform.call('POST', '/api/agent/agents', { ...piAgent, name: 'Second' }, mallory);
    const third = await platform.call('POST', '/api/agent/agents', { ...piAgent, name: 'Third' }, mallory);
    expect(third.status).toBe(402);
    expect(third.body.error).toEqual({
      code: 'PLAN_LIMIT_REACHED',
      message:
        'The Free plan allows 2 agents and the organization has 2, so no agent can be created; delete one, or upgrade the plan in Billing.',
    });

    await seedOrgBilling(platform.database.db, { orgId: mallory.orgId, planId: 'free', status: 'past_due' });
    const refused = await platform.call(
      'POST',
      `/api/agent/agents/${agent.id}/runs`,
      { prompt: 'hi' },
      mallory,
    );
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('PAYMENT_REQUIRED');
    expect(refused.body.error.message).toMatch(/update the payment method in Billing/);
    // The agent's own state answers first.
    const paused = (await platform.call('POST', '/api/agent/agents', { ...piAgent, name: 'Paused' }, alice))
      .body;
    await platform.call('PATCH', `/api/agent/agents/${paused.id}`, { status: 'paused' });
    await seedOrgBilling(platform.database.db, { orgId: alice.orgId, planId: 'free', status: 'unpaid' });
    const pausedAnswer = await platform.call('POST', `/api/agent/agents/${paused.id}/runs`, { prompt: 'hi' });
    expect(pausedAnswer.body.error.code).toBe('AGENT_PAUSED');

    // A channel sender hears a short "not now"; the owners read why on the message's outcome.
    const connectionId = await seedConnection(platform.database.db, {
      orgId: mallory.orgId,
      agentId: agent.id,
    });
    await platform.channels.changed(connectionId);
    await expect.poll(() => channel.running.has(connectionId)).toBe(true);
    await channel.deliver([inbound('are you there?', { sender: '9001' })], connectionId);
    await channel.waitForSent((sent) => sent.some((message) => message.chatId === '9001'));
    expect(
      channel.sent.filter((message) => message.chatId === '9001').map((message) => message.text),
    ).toEqual(["Sorry, I can't answer right now. Please try again later."]);
    const [journaled] = await platform.database.db
      .selectFrom('channelInbound')
      .select(['status', 'outcome'])
      .where('connectionId', '=', connectionId)
      .execute();
    expect(journaled).toMatchObject({
      status: 'ignored',
      outcome: expect.stringMatching(/last payment failed/),
    });
  });
});
