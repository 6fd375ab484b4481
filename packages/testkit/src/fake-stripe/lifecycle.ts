import type { FakeEvent, FakeInvoice, FakeSubscription, FakeSubscriptionItem } from './objects.ts';
import { stripeId } from './objects.ts';
import type { FakeStripeState } from './state.ts';
import { buildEvent } from './webhook.ts';

/** A billing period as the fake bills it: 30 days from the start. */
export const PERIOD_S = 30 * 24 * 3600;

/** What a control changed: the objects and the events to deliver, in Stripe's order. */
export interface LifecycleOutcome {
  subscription: FakeSubscription;
  events: FakeEvent[];
}

/** Pays an open subscription Checkout Session: customer, active subscription, paid first invoice. */
export function completeCheckout(
  state: FakeStripeState,
  sessionId: string,
): LifecycleOutcome & { customer: string } {
  const session = state.checkoutSession(sessionId);
  if (session.status !== 'open')
    throw new Error(`checkout session ${sessionId} is ${session.status}, not open`);
  if (session.mode !== 'subscription') throw new Error('the fake completes subscription sessions only');
  const now = state.nowS();
  const customer =
    session.customer ??
    state.createCustomer(session.customer_email ? { email: session.customer_email } : {}).id;
  const id = stripeId('sub_');
  const items: FakeSubscriptionItem[] = session.line_items_requested.map((line) => {
    const price = state.prices.get(line.price);
    return {
      id: stripeId('si_'),
      object: 'subscription_item',
      price: {
        id: line.price,
        object: 'price',
        currency: price?.currency ?? 'usd',
        unit_amount: price?.metered ? null : (price?.unitAmount ?? 0),
        recurring: { interval: 'month', usage_type: price?.metered ? 'metered' : 'licensed' },
      },
      ...(line.quantity === undefined ? {} : { quantity: line.quantity }),
      current_period_start: now,
      current_period_end: now + PERIOD_S,
      subscription: id,
      created: now,
    };
  });
  const subscription: FakeSubscription = {
    id,
    object: 'subscription',
    customer,
    status: 'active',
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    created: now,
    start_date: now,
    currency: items[0]?.price.currency ?? 'usd',
    metadata: { ...session.subscription_metadata },
    latest_invoice: null,
    livemode: false,
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
  };
  state.subscriptions.set(id, subscription);
  const invoice = state.addInvoice(subscription, true, 'subscription_create');
  Object.assign(session, {
    status: 'complete',
    payment_status: 'paid',
    customer,
    subscription: id,
    url: null,
  });
  const events = [
    buildEvent('checkout.session.completed', session, now),
    buildEvent('customer.subscription.created', subscription, now),
    buildEvent('invoice.paid', invoice, now),
  ];
  state.events.push(...events);
  return { customer, subscription, events };
}

/** Finds a subscription by its id, or the newest one of a customer. */
export function findSubscription(state: FakeStripeState, customerOrSubscription: string): FakeSubscription {
  if (customerOrSubscription.startsWith('sub_')) return state.subscription(customerOrSubscription);
  const found = [...state.subscriptions.values()]
    .filter((subscription) => subscription.customer === customerOrSubscription)
    .at(-1);
  if (!found) throw new Error(`the fake Stripe has no subscription for ${customerOrSubscription}`);
  return found;
}

/** The renewal payment fails: an open invoice, the subscription `past_due`. */
export function failPayment(
  state: FakeStripeState,
  customerOrSubscription: string,
): LifecycleOutcome & { invoice: FakeInvoice } {
  const subscription = findSubscription(state, customerOrSubscription);
  const now = state.nowS();
  const previous = { status: subscription.status };
  subscription.status = 'past_due';
  const invoice = state.addInvoice(subscription, false, 'subscription_cycle');
  const events = [
    buildEvent('invoice.payment_failed', invoice, now),
    buildEvent('customer.subscription.updated', subscription, now, previous),
  ];
  state.events.push(...events);
  return { subscription, invoice, events };
}

/** Cancels now (`customer.subscription.deleted`) or at the period's end (`…updated`). */
export function cancelSubscription(
  state: FakeStripeState,
  customerOrSubscription: string,
  atPeriodEnd = false,
): LifecycleOutcome {
  const subscription = findSubscription(state, customerOrSubscription);
  const now = state.nowS();
  let event: FakeEvent;
  if (atPeriodEnd) {
    subscription.cancel_at_period_end = true;
    subscription.cancel_at = subscription.items.data[0]?.current_period_end ?? now;
    event = buildEvent('customer.subscription.updated', subscription, now, { cancel_at_period_end: false });
  } else {
    subscription.status = 'canceled';
    subscription.canceled_at = now;
    subscription.ended_at = now;
    event = buildEvent('customer.subscription.deleted', subscription, now);
  }
  state.events.push(event);
  return { subscription, events: [event] };
}
