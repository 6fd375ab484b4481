import type { FormValue } from './form.ts';
import {
  type FakeCheckoutSession,
  type FakeCustomer,
  type FakeEvent,
  type FakeInvoice,
  type FakeMeterEvent,
  type FakePrice,
  type FakeSubscription,
  list,
  stripeId,
} from './objects.ts';
import { invalid, missing, noSuch, StripeApiError } from './stripe-error.ts';

/** Stripe keeps meter-event identifiers unique for "a rolling period of at least 24 hours". */
export const METER_IDENTIFIER_WINDOW_S = 24 * 60 * 60;

/** Per identifier: the meter events Stripe accepted and the duplicates it refused. */
export interface MeterIdentifierRecord {
  identifier: string;
  /** Accepted events with this identifier (1, unless the same identifier came back after the window). */
  accepted: number;
  /** Requests refused as duplicates ("An event already exists with identifier …"). */
  duplicatesRejected: number;
  /** The accepted events, oldest first. */
  events: FakeMeterEvent[];
}

type Params = Record<string, FormValue>;

const text = (params: Params, name: string): string | undefined => {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(name, `Invalid string: ${name} must be a string.`);
  return value;
};

const stringMap = (params: Params, name: string): Record<string, string> => {
  const value = params[name];
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(name, `Invalid hash: ${name}.`);
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => {
      if (typeof entry !== 'string') throw invalid(`${name}[${key}]`, `Invalid string: ${name}[${key}].`);
      return [key, entry];
    }),
  );
};

/** `subscription_data[metadata]` of a Checkout Session. */
function subscriptionMetadata(params: Params): Record<string, string> {
  const data = params.subscription_data;
  if (data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw invalid('subscription_data', 'Invalid hash: subscription_data.');
  return stringMap(data, 'metadata');
}

/** The fake's objects and the REST operations on them (no HTTP here). */
export class FakeStripeState {
  readonly customers = new Map<string, FakeCustomer>();
  readonly sessions = new Map<string, FakeCheckoutSession>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly invoices = new Map<string, FakeInvoice>();
  readonly meter = new Map<string, MeterIdentifierRecord>();
  readonly events: FakeEvent[] = [];
  readonly prices = new Map<string, FakePrice>();
  private invoiceNumber = 1;

  /** Seconds since the epoch (Stripe's clock). */
  readonly nowS: () => number;
  /** The fake's own origin, for hosted page URLs. */
  readonly origin: () => string;

  constructor(nowS: () => number, origin: () => string, prices: FakePrice[] = []) {
    this.nowS = nowS;
    this.origin = origin;
    for (const price of prices) this.prices.set(price.id, price);
  }

  createCustomer(params: Params): FakeCustomer {
    const customer: FakeCustomer = {
      id: stripeId('cus_'),
      object: 'customer',
      email: text(params, 'email') ?? null,
      name: text(params, 'name') ?? null,
      metadata: stringMap(params, 'metadata'),
      created: this.nowS(),
      livemode: false,
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  customer(id: string): FakeCustomer {
    const customer = this.customers.get(id);
    if (!customer) throw noSuch('customer', id);
    return customer;
  }

  createCheckoutSession(params: Params): FakeCheckoutSession {
    const mode = text(params, 'mode');
    if (!mode) throw missing('mode');
    if (!['subscription', 'payment', 'setup'].includes(mode))
      throw invalid('mode', `Invalid mode: must be one of payment, setup, or subscription`);
    const successUrl = text(params, 'success_url');
    if (!successUrl) throw missing('success_url');
    const customer = text(params, 'customer');
    if (customer) this.customer(customer);
    const rawItems = params.line_items;
    if (mode !== 'setup' && (!Array.isArray(rawItems) || rawItems.length === 0)) throw missing('line_items');
    const items = (Array.isArray(rawItems) ? rawItems : []).map((item, index) => {
      if (typeof item !== 'object' || Array.isArray(item) || typeof item.price !== 'string')
        throw missing(`line_items[${index}][price]`);
      const known = this.prices.get(item.price);
      if (this.prices.size > 0 && !known) throw noSuch('price', item.price, `line_items[${index}][price]`);
      const quantity = typeof item.quantity === 'string' ? Number(item.quantity) : undefined;
      if (known?.metered && quantity !== undefined)
        throw invalid(
          `line_items[${index}][quantity]`,
          'Quantity should not be specified where usage_type is `metered`. Remove quantity from `line_items[0]`.',
        );
      if (!known?.metered && quantity === undefined && this.prices.size > 0)
        throw missing(`line_items[${index}][quantity]`);
      return { price: item.price, ...(quantity === undefined ? {} : { quantity }) };
    });
    const id = stripeId('cs_test_');
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      mode,
      status: 'open',
      payment_status: 'unpaid',
      customer: customer ?? null,
      customer_email: text(params, 'customer_email') ?? null,
      client_reference_id: text(params, 'client_reference_id') ?? null,
      metadata: stringMap(params, 'metadata'),
      subscription: null,
      success_url: successUrl,
      cancel_url: text(params, 'cancel_url') ?? null,
      url: `${this.origin()}/checkout/pay/${id}`,
      created: this.nowS(),
      expires_at: this.nowS() + 24 * 3600,
      livemode: false,
      line_items_requested: items,
      subscription_metadata: subscriptionMetadata(params),
    };
    this.sessions.set(id, session);
    return session;
  }

  checkoutSession(id: string): FakeCheckoutSession {
    const session = this.sessions.get(id);
    if (!session) throw noSuch('checkout.session', id);
    return session;
  }

  createPortalSession(params: Params) {
    const customer = text(params, 'customer');
    if (!customer) throw missing('customer');
    this.customer(customer);
    const id = stripeId('bps_');
    return {
      id,
      object: 'billing_portal.session',
      customer,
      return_url: text(params, 'return_url') ?? null,
      url: `${this.origin()}/portal/${id}?return_url=${encodeURIComponent(text(params, 'return_url') ?? '')}`,
      created: this.nowS(),
      livemode: false,
    };
  }

  subscription(id: string): FakeSubscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw noSuch('subscription', id);
    return subscription;
  }

  listSubscriptions(query: Params) {
    const customer = text(query, 'customer');
    const status = text(query, 'status');
    const data = [...this.subscriptions.values()]
      .filter((subscription) => !customer || subscription.customer === customer)
      .filter((subscription) =>
        status === 'all'
          ? true
          : status
            ? subscription.status === status
            : subscription.status !== 'canceled',
      )
      .sort((a, b) => b.created - a.created);
    return list('/v1/subscriptions', data.slice(0, Number(text(query, 'limit') ?? 10)));
  }

  listInvoices(query: Params) {
    const customer = text(query, 'customer');
    const subscription = text(query, 'subscription');
    const data = [...this.invoices.values()]
      .filter((invoice) => !customer || invoice.customer === customer)
      .filter((invoice) => !subscription || invoice.parent.subscription_details.subscription === subscription)
      .reverse();
    return list('/v1/invoices', data.slice(0, Number(text(query, 'limit') ?? 10)));
  }

  /** Records a meter event, or refuses a duplicate identifier as Stripe does (400, not retryable). */
  createMeterEvent(params: Params): FakeMeterEvent {
    const eventName = text(params, 'event_name');
    if (!eventName) throw missing('event_name');
    const payload = stringMap(params, 'payload');
    if (!payload.stripe_customer_id) throw missing('payload[stripe_customer_id]');
    if (payload.value === undefined) throw missing('payload[value]');
    if (!/^-?\d+(\.\d+)?$/.test(payload.value))
      throw invalid('payload[value]', 'Invalid number: payload[value].');
    const now = this.nowS();
    const timestamp = Number(text(params, 'timestamp') ?? now);
    if (!Number.isInteger(timestamp) || timestamp < now - 35 * 86_400 || timestamp > now + 300)
      throw invalid(
        'timestamp',
        'Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.',
      );
    const identifier = text(params, 'identifier') ?? stripeId('mev_');
    if (identifier.length > 100) throw invalid('identifier', 'Identifier must be at most 100 characters.');
    const record = this.meter.get(identifier) ?? {
      identifier,
      accepted: 0,
      duplicatesRejected: 0,
      events: [],
    };
    this.meter.set(identifier, record);
    const last = record.events.at(-1);
    if (last && now - last.created < METER_IDENTIFIER_WINDOW_S) {
      record.duplicatesRejected++;
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `An event already exists with identifier ${identifier}.`,
      );
    }
    const event: FakeMeterEvent = {
      object: 'billing.meter_event',
      created: now,
      event_name: eventName,
      identifier,
      livemode: false,
      payload,
      timestamp,
    };
    record.accepted++;
    record.events.push(event);
    return event;
  }

  /** Adds an invoice for a subscription's current period. */
  addInvoice(subscription: FakeSubscription, paid: boolean, reason: string): FakeInvoice {
    const item = subscription.items.data[0]!;
    const amount = subscription.items.data.reduce(
      (sum, entry) => sum + (entry.price.unit_amount ?? 0) * (entry.quantity ?? 0),
      0,
    );
    const id = stripeId('in_');
    const invoice: FakeInvoice = {
      id,
      object: 'invoice',
      customer: subscription.customer,
      number: `FAKE-${String(this.invoiceNumber++).padStart(4, '0')}`,
      status: paid ? 'paid' : 'open',
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      amount_remaining: paid ? 0 : amount,
      attempted: true,
      attempt_count: 1,
      currency: subscription.currency,
      created: this.nowS(),
      period_start: item.current_period_start,
      period_end: item.current_period_end,
      hosted_invoice_url: `${this.origin()}/invoices/${id}`,
      invoice_pdf: `${this.origin()}/invoices/${id}.pdf`,
      billing_reason: reason,
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
      },
      livemode: false,
    };
    this.invoices.set(id, invoice);
    subscription.latest_invoice = id;
    return invoice;
  }
}
