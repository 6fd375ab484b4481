import { testDialects } from '@lifeosai/testkit/databases';
import type { FakeEvent, FakeStripe } from '@lifeosai/testkit/fake-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStripeSecretKey } from '../testing/billing-plans.ts';
import type { TestClient } from '../testing/test-client.ts';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

const webhookPath = '/api/billing/stripe/webhook';
const sessionIdOf = (url: string) => /\/checkout\/pay\/([A-Za-z0-9_]+)$/.exec(url)?.[1] ?? '';

/** Posts a payload to the gateway's webhook as Stripe would, signed as given. */
async function postWebhook(stack: TestStack, payload: string, header: string) {
  const response = await fetch(`${stack.gatewayUrl}${webhookPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  });
  return { status: response.status, json: await response.json() };
}

describe.each(testDialects)('billing with Stripe on %s', (dialect) => {
  let stack: TestStack;
  let stripe: FakeStripe;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    stack = await startTestStack(dialect, { billing: true });
    stripe = stack.stripe!;
    // The first account is the instance admin (it owns org A).
    owner = await stack.signUp('Owner');
    admin = await stack.signUp('Admin');
    member = await stack.signUp('Member');
    outsider = await stack.signUp('Outsider');
    await stack.join(owner, admin, 'admin');
    await stack.join(owner, member, 'member');
  }, 60_000);
  afterAll(async () => stack?.close());

  const checkout = async (client: TestClient, plan: string) => client.post('/api/billing/checkout', { plan });
  const journal = () => stack.database.db.selectFrom('billingWebhookEvents').selectAll().execute();

  it('sells a plan through Checkout: the signed webhooks put the organization on it', async () => {
    const before = await owner.client.get('/api/billing');
    expect(before.json).toMatchObject({
      enabled: true,
      plan: 'free',
      status: 'free',
      cancelAtPeriodEnd: false,
    });
    expect(
      before.json.plans.map((plan: { id: string; purchasable: boolean }) => [plan.id, plan.purchasable]),
    ).toEqual([
      ['free', false],
      ['pro', true],
      ['team', true],
      ['enterprise', false],
    ]);
    expect((await member.client.get('/api/billing')).status).toBe(200);

    expect((await checkout(member.client, 'pro')).status).toBe(403);
    expect((await member.client.post('/api/billing/portal')).status).toBe(403);
    expect((await checkout(owner.client, 'enterprise')).json.error.code).toBe('PLAN_UNKNOWN');
    expect((await checkout(owner.client, 'nothing-like-it')).json.error.code).toBe('PLAN_UNKNOWN');

    const started = await checkout(admin.client, 'pro');
    expect(started.status).toBe(200);
    expect(started.json.url).toMatch(new RegExp(`^${stripe.apiBase}/checkout/pay/cs_test_`));
    const sessionId = sessionIdOf(started.json.url);
    const sent = stripe.requests.find((request) => request.path === '/v1/checkout/sessions');
    expect(sent?.params).toMatchObject({
      mode: 'subscription',
      client_reference_id: owner.personalOrgId,
      line_items: [{ price: 'price_pro_monthly', quantity: '1' }, { price: 'price_pro_usage' }],
      success_url: expect.stringMatching(/\/settings\/billing\?checkout=success$/),
    });
    // One customer per organization: created before Checkout, stored, reused.
    const customer = stripe.state.sessions.get(sessionId)?.customer;
    expect(customer).toMatch(/^cus_/);
    expect((await checkout(owner.client, 'team')).status).toBe(200);
    expect(stripe.state.customers.size).toBe(1);

    const paid = await stripe.completeCheckout(sessionId);
    expect(paid.deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
    const item = paid.subscription.items.data[0]!;
    const after = await owner.client.get('/api/billing');
    expect(after.json).toMatchObject({
      plan: 'pro',
      status: 'active',
      period: {
        start: new Date(item.current_period_start * 1000).toISOString(),
        end: new Date(item.current_period_end * 1000).toISOString(),
      },
      usage: { costUsd: 0, included: 20 },
      limits: { agents: null, concurrentRuns: 4, periodUsd: 200 },
    });
    // Subscribed: checkout opens the portal (plan changes there), not a second subscription.
    expect((await checkout(owner.client, 'team')).json.url).toContain(`${stripe.apiBase}/portal/`);
    expect((await owner.client.post('/api/billing/portal')).json.url).toContain(`${stripe.apiBase}/portal/`);
    const invoices = await owner.client.get('/api/billing/invoices');
    expect(invoices.json.items).toEqual([
      expect.objectContaining({
        status: 'paid',
        amountPaid: 2000,
        currency: 'usd',
        hostedInvoiceUrl: expect.any(String),
      }),
    ]);
    expect((await member.client.get('/api/billing/invoices')).status).toBe(403);

    // A usage record Stripe's meter refused after every retry shows on the admin's list.
    const now = new Date().toISOString();
    await stack.database.db
      .insertInto('billingMeterEvents')
      .values({
        usageRecordId: 'usg_failed_1',
        orgId: owner.personalOrgId,
        stripeCustomerId: 'cus_x',
        value: 1500,
        identifier: 'lifeosai_usg_failed_1',
        occurredAt: now,
        status: 'failed',
        nextAttemptAt: now,
        claimedUntil: null,
        lastError: 'Stripe answered 400',
        createdAt: now,
        sentAt: null,
      })
      .execute();
    const listed = await owner.client.get('/api/admin/billing');
    expect(listed.json.items).toContainEqual(
      expect.objectContaining({
        orgId: owner.personalOrgId,
        plan: 'pro',
        status: 'active',
        usageUsd: 0,
        meterEventsFailed: 1,
      }),
    );
    expect(listed.json.items).toContainEqual(
      expect.objectContaining({
        orgId: outsider.personalOrgId,
        plan: 'free',
        status: 'free',
        periodEnd: null,
        meterEventsFailed: 0,
      }),
    );
    expect((await admin.client.get('/api/admin/billing')).status).toBe(403);
  });

  it('refuses a forged or stale signature without changing anything, and applies an event once', async () => {
    const failed = await stripe.failPayment(stripe.state.customers.keys().next().value!, { deliver: false });
    const update = failed.events.find((event) => event.type === 'customer.subscription.updated')!;
    const journaled = (await journal()).length;
    const payload = JSON.stringify(update);
    const forged = stripe.signedPayload(payload, { secret: 'whsec_not_the_endpoints_secret' });
    const stale = stripe.signedPayload(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    for (const header of [forged.header, stale.header, 't=1,v1=deadbeef', '']) {
      const refused = await postWebhook(stack, payload, header);
      expect(refused).toMatchObject({ status: 400, json: { error: { code: 'STRIPE_SIGNATURE_INVALID' } } });
    }
    // A signed payload altered on the way.
    const signed = stripe.signedPayload(payload);
    expect((await postWebhook(stack, payload.replace('past_due', 'active'), signed.header)).status).toBe(400);
    expect((await journal()).length).toBe(journaled);
    expect((await owner.client.get('/api/billing')).json.status).toBe('active');

    expect(await stripe.deliver(update)).toMatchObject({ status: 200 });
    expect((await owner.client.get('/api/billing')).json.status).toBe('past_due');
    const replay = await stripe.deliver(update);
    expect(JSON.parse(replay.body)).toEqual({ received: true, outcome: 'duplicate' });
    const rows = (await journal()).filter((row) => row.id === update.id);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'applied', orgId: owner.personalOrgId })]);
    expect(rows[0]?.processedAt).toBeTruthy();
  });

  it("ends in Stripe's latest state whatever order the events come in, and back on free when it ends", async () => {
    const started = await checkout(outsider.client, 'team');
    const paid = await stripe.completeCheckout(sessionIdOf(started.json.url), { deliver: false });
    const failed = await stripe.failPayment(paid.subscription.id, { deliver: false });
    const events: FakeEvent[] = [...paid.events, ...failed.events].reverse();
    for (const event of events) expect((await stripe.deliver(event)).status).toBe(200);
    expect((await outsider.client.get('/api/billing')).json).toMatchObject({
      plan: 'team',
      status: 'past_due',
    });

    const canceled = await stripe.cancelSubscription(paid.subscription.id);
    expect(canceled.deliveries.map((delivery) => delivery.status)).toEqual([200]);
    expect((await outsider.client.get('/api/billing')).json).toMatchObject({ plan: 'free', status: 'free' });
    // A late event from before the cancellation changes nothing.
    const late = { ...events[0]!, id: `${events[0]!.id}_late`, created: events[0]!.created - 10 };
    expect((await stripe.deliver(late)).status).toBe(200);
    expect((await outsider.client.get('/api/billing')).json.status).toBe('free');
  });

  it('never answers or logs the Stripe keys', async () => {
    const texts = [
      (await owner.client.get('/api/billing')).text,
      (await owner.client.get('/api/admin/billing')).text,
      (await owner.client.post('/api/billing/portal')).text,
      stack.logLines.join('\n'),
    ].join('\n');
    expect(texts).not.toContain(testStripeSecretKey);
    expect(texts).not.toContain(stripe.webhookSecret);
    expect(stack.logLines.some((line) => line.includes('stripe webhook'))).toBe(true);
  });
});

describe('billing off (no STRIPE_SECRET_KEY)', () => {
  let stack: TestStack;
  let owner: TestUser;
  beforeAll(async () => {
    stack = await startTestStack('sqlite');
    owner = await stack.signUp('Owner');
  }, 60_000);
  afterAll(async () => stack?.close());

  it('shows the plan as off, limits nothing, and refuses checkout, the portal and webhooks', async () => {
    const overview = await owner.client.get('/api/billing');
    expect(overview.json).toMatchObject({
      enabled: false,
      plan: 'free',
      status: 'off',
      limits: { agents: null, concurrentRuns: null, periodUsd: null },
    });
    expect(overview.json.plans.every((plan: { purchasable: boolean }) => !plan.purchasable)).toBe(true);
    expect((await owner.client.post('/api/billing/checkout', { plan: 'pro' })).json.error.code).toBe(
      'BILLING_NOT_CONFIGURED',
    );
    expect((await owner.client.post('/api/billing/portal')).status).toBe(409);
    expect((await owner.client.get('/api/billing/invoices')).json).toEqual({ items: [] });
    expect((await owner.client.get('/api/admin/billing')).json.items[0]).toMatchObject({ status: 'off' });
    expect((await postWebhook(stack, '{}', 't=1,v1=00')).status).toBe(409);
  });
});
