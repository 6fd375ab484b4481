import { randomBytes } from 'node:crypto';

/** A Stripe id with its prefix (`cus_`, `sub_`, `cs_test_`…), random like Stripe's. */
export function stripeId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** A price the fake knows (optional: without any, every price id is accepted as licensed). */
export interface FakePrice {
  id: string;
  /** Amount per period in cents (flat prices). */
  unitAmount?: number;
  currency?: string;
  /** Metered (usage-based): checkout must not give a quantity for it. */
  metered?: boolean;
}

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export interface FakeCustomer extends StripeObject {
  object: 'customer';
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  created: number;
}

export interface FakeCheckoutSession extends StripeObject {
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  customer: string | null;
  customer_email: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  subscription: string | null;
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  created: number;
  /** Not part of Stripe's object shape here (Stripe expands it on request); kept for the fake. */
  line_items_requested: { price: string; quantity?: number }[];
  /** Not part of Stripe's object shape: `subscription_data[metadata]`, which Stripe copies to the subscription. */
  subscription_metadata: Record<string, string>;
}

export interface FakeSubscriptionItem {
  id: string;
  object: 'subscription_item';
  price: {
    id: string;
    object: 'price';
    currency: string;
    unit_amount: number | null;
    recurring: { interval: 'month'; usage_type: 'licensed' | 'metered' };
  };
  quantity?: number;
  current_period_start: number;
  current_period_end: number;
  subscription: string;
  created: number;
}

export interface FakeSubscription extends StripeObject {
  object: 'subscription';
  customer: string;
  status: string;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  created: number;
  start_date: number;
  currency: string;
  metadata: Record<string, string>;
  latest_invoice: string | null;
  livemode: false;
  items: { object: 'list'; data: FakeSubscriptionItem[]; has_more: false; url: string };
}

export interface FakeInvoice extends StripeObject {
  object: 'invoice';
  customer: string;
  number: string;
  status: 'paid' | 'open';
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempted: boolean;
  attempt_count: number;
  currency: string;
  created: number;
  period_start: number;
  period_end: number;
  hosted_invoice_url: string;
  invoice_pdf: string;
  billing_reason: string;
  parent: {
    type: 'subscription_details';
    subscription_details: { subscription: string; metadata: Record<string, string> };
  };
  livemode: false;
}

/** A meter event Stripe accepted. */
export interface FakeMeterEvent {
  object: 'billing.meter_event';
  created: number;
  event_name: string;
  identifier: string;
  livemode: false;
  payload: Record<string, string>;
  timestamp: number;
}

/** A webhook event (`evt_…`) the fake created. */
export interface FakeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
}

/** Stripe's list envelope. */
export function list<T>(url: string, data: T[]) {
  return { object: 'list' as const, data, has_more: false, url };
}
