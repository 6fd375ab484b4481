import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from './server.ts';

const key = 'sk_test_fake_0123456789';
let fake: FakeStripe;
let stripe: Stripe;
let endpoint: Server;
/** Events the endpoint verified with the SDK, in arrival order. */
const received: Stripe.Event[] = [];
const refused: string[] = [];

beforeAll(async () => {
  fake = await startFakeStripe({
    prices: [
      { id: 'price_pro_flat', unitAmount: 2000 },
      { id: 'price_pro_metered', metered: true },
    ],
  });
  stripe = new Stripe(key, { ...fake.clientOptions(), maxNetworkRetries: 0 });
  endpoint = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    try {
      received.push(
        stripe.webhooks.constructEvent(body, String(request.headers['stripe-signature']), fake.webhookSecret),
      );
      response.writeHead(200).end('{}');
    } catch (error) {
      refused.push((error as Error).message);
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  fake.setWebhook(`http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook`);
});
afterAll(async () => {
  await fake.close();
  endpoint.closeAllConnections();
  await new Promise((resolve) => endpoint.close(resolve));
});

it('sells a subscription through Checkout and tells the endpoint with signed events the SDK verifies', async () => {
  const customer = await stripe.customers.create({ metadata: { org_id: 'org_1' }, name: 'Acme' });
  expect(await stripe.customers.retrieve(customer.id)).toMatchObject({
    id: customer.id,
    metadata: { org_id: 'org_1' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    client_reference_id: 'org_1',
    metadata: { org_id: 'org_1', plan: 'pro' },
    subscription_data: { metadata: { org_id: 'org_1', plan: 'pro' } },
    line_items: [{ price: 'price_pro_flat', quantity: 1 }, { price: 'price_pro_metered' }],
    success_url: 'http://127.0.0.1:1/billing?checkout=done',
    cancel_url: 'http://127.0.0.1:1/billing',
  });
  expect(session).toMatchObject({ object: 'checkout.session', status: 'open', client_reference_id: 'org_1' });
  expect(session.url).toBe(`${fake.apiBase}/checkout/pay/${session.id}`);
  const request = fake.requests.find((entry) => entry.path === '/v1/checkout/sessions');
  expect(request?.params).toMatchObject({
    line_items: [{ price: 'price_pro_flat', quantity: '1' }, { price: 'price_pro_metered' }],
    metadata: { org_id: 'org_1', plan: 'pro' },
  });

  const done = await fake.completeCheckout(session.id);
  expect(done.deliveries.map((delivery) => [delivery.type, delivery.status])).toEqual([
    ['checkout.session.completed', 200],
    ['customer.subscription.created', 200],
    ['invoice.paid', 200],
  ]);
  expect(received.map((event) => event.type)).toEqual(done.deliveries.map((delivery) => delivery.type));
  const subscription = await stripe.subscriptions.retrieve(done.subscription.id);
  expect(subscription).toMatchObject({ status: 'active', customer: customer.id, metadata: { plan: 'pro' } });
  const item = subscription.items.data[0]!;
  expect(item.current_period_end - item.current_period_start).toBe(30 * 86_400);
  expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((entry) => entry.id)).toEqual([
    subscription.id,
  ]);
  const invoices = await stripe.invoices.list({ customer: customer.id });
  expect(invoices.data[0]).toMatchObject({ status: 'paid', amount_paid: 2000, currency: 'usd' });
  const portal = await stripe.billingPortal.sessions.create({
    customer: customer.id,
    return_url: 'http://x/billing',
  });
  expect(portal.url).toContain(`${fake.apiBase}/portal/`);

  await fake.failPayment(customer.id);
  expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
  expect(received.slice(-2).map((event) => event.type)).toEqual([
    'invoice.payment_failed',
    'customer.subscription.updated',
  ]);
  await fake.cancelSubscription(subscription.id);
  expect(received.at(-1)?.type).toBe('customer.subscription.deleted');
  expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
  expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(1);
});

it("answers in Stripe's error shape, which the SDK turns into its typed errors", async () => {
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(await failure(stripe.customers.retrieve('cus_nobody'))).toMatchObject({
    type: 'StripeInvalidRequestError',
    statusCode: 404,
    code: 'resource_missing',
    message: expect.stringContaining("No such customer: 'cus_nobody'"),
  });
  expect(
    await failure(
      stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: 'price_pro_metered', quantity: 1 }],
        success_url: 'http://x/ok',
      }),
    ),
  ).toMatchObject({ statusCode: 400, param: 'line_items[0][quantity]' });
  expect(await failure(new Stripe('sk_nope', fake.clientOptions()).customers.create())).toMatchObject({
    type: 'StripeAuthenticationError',
    statusCode: 401,
  });
  expect(fake.requests.some((entry) => JSON.stringify(entry).includes(key))).toBe(false);
});

it('refuses a stale or foreign signature in the SDK, and replays a stored event as is', async () => {
  const { payload, header } = fake.signedPayload('{"id":"evt_1","object":"event"}', {
    timestamp: Math.floor(Date.now() / 1000) - 600,
  });
  expect(() => stripe.webhooks.constructEvent(payload, header, fake.webhookSecret)).toThrow(/tolerance/);
  const forged = fake.signedPayload(payload, { secret: 'whsec_someone_else' });
  expect(() => stripe.webhooks.constructEvent(payload, forged.header, fake.webhookSecret)).toThrow();
  const event = fake.events()[0]!;
  const before = received.length;
  await fake.deliver(event);
  expect(received[before]?.id).toBe(event.id);
  expect((await fake.sendEvent('customer.updated', { id: 'cus_x', object: 'customer' })).status).toBe(200);
});

it('dedupes meter events by identifier, honours Idempotency-Key, and can hold the answer', async () => {
  const customer = await stripe.customers.create();
  const event = {
    event_name: 'lifeosai_usage',
    identifier: 'usage_rec_1',
    payload: { stripe_customer_id: customer.id, value: '125' },
    timestamp: Math.floor(Date.now() / 1000),
  };
  const first = await stripe.billing.meterEvents.create(event, { idempotencyKey: 'key-1' });
  expect(first).toMatchObject({
    object: 'billing.meter_event',
    identifier: 'usage_rec_1',
    payload: { value: '125' },
  });
  // The same key replays the stored answer; a new key with the same identifier is a duplicate.
  expect(await stripe.billing.meterEvents.create(event, { idempotencyKey: 'key-1' })).toEqual(first);
  await expect(stripe.billing.meterEvents.create(event, { idempotencyKey: 'key-2' })).rejects.toMatchObject({
    statusCode: 400,
    message: expect.stringContaining('An event already exists with identifier usage_rec_1.'),
  });
  await expect(
    stripe.billing.meterEvents.create({ ...event, identifier: 'other' }, { idempotencyKey: 'key-1' }),
  ).rejects.toMatchObject({ type: 'StripeIdempotencyError' });

  fake.holdMeterEvents();
  const pending = stripe.billing.meterEvents.create({ ...event, identifier: 'usage_rec_2' });
  await expect.poll(() => fake.heldCount()).toBe(1);
  expect(fake.meterEvents().find((record) => record.identifier === 'usage_rec_2')?.accepted).toBe(1);
  fake.release();
  expect((await pending).identifier).toBe('usage_rec_2');
  expect(
    fake
      .meterEvents()
      .map(({ identifier, accepted, duplicatesRejected }) => [identifier, accepted, duplicatesRejected]),
  ).toEqual([
    ['usage_rec_1', 1, 1],
    ['usage_rec_2', 1, 0],
  ]);
});
