import { periodUsageUsd } from '@lifeosai/billing';
import { seedUsageRecord } from '@lifeosai/billing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';

// The reporter's own crash and concurrency tests run on both databases (meter-reporter.test.ts);
// here, the gateway starting it while billing is on, on one.
describe('usage metering in the gateway (SQLite)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('sqlite', { billing: true });
  }, 60_000);
  afterAll(async () => stack?.close());

  it("reports a subscribed organization's usage to the meter and shows the same figure on GET /api/billing", async () => {
    const stripe = stack.stripe!;
    const owner = await stack.signUp('Owner');
    const started = await owner.client.post('/api/billing/checkout', { plan: 'pro' });
    await stripe.completeCheckout(/\/checkout\/pay\/([A-Za-z0-9_]+)$/.exec(started.json.url)![1]!);
    const { db } = stack.database;
    const records = [
      await seedUsageRecord(db, { orgId: owner.personalOrgId, costUsd: 0.25 }),
      await seedUsageRecord(db, { orgId: owner.personalOrgId, costUsd: 1.5 }),
    ];

    await expect
      .poll(
        () =>
          stripe
            .meterEvents()
            .filter((record) => records.some((id) => record.identifier === `lifeosai_${id}`)).length,
        {
          timeout: 10_000,
        },
      )
      .toBe(2);
    const customer = [...stripe.state.customers.keys()][0];
    const reported = stripe.meterEvents().map((record) => [record.accepted, record.events[0]!.payload]);
    expect(reported).toHaveLength(2);
    expect(reported).toEqual(
      expect.arrayContaining([
        [1, { stripe_customer_id: customer, value: '250000' }],
        [1, { stripe_customer_id: customer, value: '1500000' }],
      ]),
    );

    const billing = (await owner.client.get('/api/billing')).json;
    expect(billing.usage.costUsd).toBe(await periodUsageUsd(db, owner.personalOrgId, billing.period));
    expect(billing.usage.costUsd).toBeCloseTo(1.75, 10);
  });
});
