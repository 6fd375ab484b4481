import type { FormValue } from './form.ts';
import type { LifecycleOutcome } from './lifecycle.ts';
import type { FakeEvent, FakePrice, StripeObject } from './objects.ts';
import type { FakeStripeState, MeterIdentifierRecord } from './state.ts';
import type { Delivery, SignedPayload } from './webhook.ts';

export interface FakeStripeOptions {
  /** Port (default: any free one); always 127.0.0.1. */
  port?: number;
  /** Where signed events are POSTed (set later with `setWebhook`); none: events are only recorded. */
  webhookUrl?: string;
  /** The endpoint's signing secret (default: a fresh `whsec_…`). */
  webhookSecret?: string;
  /** The only secret key accepted (default: any `sk_test_…`/`sk_live_…`/`rk_…` key). */
  apiKey?: string;
  /** Prices the fake knows; when given, unknown prices are refused and metered prices take no quantity. */
  prices?: FakePrice[];
  /** Stripe's clock (ms since the epoch; default `Date.now`). */
  now?: () => number;
}

/** One API request as the fake received it (the key is never recorded). */
export interface FakeStripeRequest {
  method: string;
  /** Path without the query, e.g. `/v1/checkout/sessions`. */
  path: string;
  /** Decoded form body (POST) or query (GET). */
  params: Record<string, FormValue>;
  idempotencyKey: string | undefined;
  /** The status answered (0 while held). */
  status: number;
  at: number;
}

/** The controls tests and the CLI use. */
export interface FakeStripe {
  /** `http://127.0.0.1:<port>`: the value of `STRIPE_API_BASE`. */
  apiBase: string;
  /** For `new Stripe(key, fake.clientOptions())`. */
  clientOptions(): { host: string; port: number; protocol: 'http'; telemetry: false };
  /** The webhook endpoint's signing secret (`STRIPE_WEBHOOK_SECRET`). */
  webhookSecret: string;
  /** Points webhook deliveries at `url` (and optionally a new secret). */
  setWebhook(url: string | undefined, secret?: string): void;
  /** Pays a Checkout Session: customer, active subscription with a period, paid invoice; delivers `checkout.session.completed`, `customer.subscription.created`, `invoice.paid` (unless `deliver: false`). */
  completeCheckout(
    sessionId: string,
    options?: { deliver?: boolean },
  ): Promise<LifecycleOutcome & { customer: string; deliveries: Delivery[] }>;
  /** The latest payment fails: `past_due`; delivers `invoice.payment_failed`, `customer.subscription.updated`. */
  failPayment(
    customerOrSubscription: string,
    options?: { deliver?: boolean },
  ): Promise<LifecycleOutcome & { deliveries: Delivery[] }>;
  /** Cancels now (`customer.subscription.deleted`) or at the period's end (`…updated`). */
  cancelSubscription(
    customerOrSubscription: string,
    options?: { atPeriodEnd?: boolean; deliver?: boolean },
  ): Promise<LifecycleOutcome & { deliveries: Delivery[] }>;
  /** Creates and delivers an event of any type around `object`. */
  sendEvent(
    type: string,
    object: StripeObject,
    options?: { timestamp?: number; secret?: string },
  ): Promise<Delivery>;
  /** Delivers an event again (a replay: the same id) or late (out of order); `timestamp` signs it at that time (s). */
  deliver(event: FakeEvent, options?: { timestamp?: number; secret?: string }): Promise<Delivery>;
  /** A payload signed with the endpoint's secret (or `secret`) at `timestamp` (s). */
  signedPayload(payload: string, options?: { timestamp?: number; secret?: string }): SignedPayload;
  /** From now on meter-event requests are received and recorded, but not answered until `release()`. */
  holdMeterEvents(): void;
  /** Answers the held meter-event requests (those whose client is still there) and stops holding. */
  release(): void;
  /** Meter-event requests being held. */
  heldCount(): number;
  /** Accepted meter events per identifier (with the duplicates refused). */
  meterEvents(): MeterIdentifierRecord[];
  /** Every API request, oldest first. */
  requests: FakeStripeRequest[];
  /** Every event created, oldest first. */
  events(): FakeEvent[];
  /** The fake's objects, to read in tests. */
  state: FakeStripeState;
  close(): Promise<void>;
}
