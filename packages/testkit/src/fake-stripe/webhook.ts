import Stripe from 'stripe';
import type { FakeEvent, StripeObject } from './objects.ts';
import { stripeId } from './objects.ts';

/** The SDK's own signer: the header is exactly what `stripe.webhooks.constructEvent` checks. */
const signer = new Stripe('sk_test_fake_signer', { telemetry: false });

/** The API version the events say they were rendered with (the SDK's pinned one). */
export const FAKE_API_VERSION = '2026-11-18.endive';

/** A payload and its `Stripe-Signature` header. */
export interface SignedPayload {
  payload: string;
  header: string;
}

/** Signs a payload as Stripe does (`t=…,v1=…`), at `timestamp` (s) when given (a stale one for tests). */
export function signPayload(payload: string, secret: string, timestamp?: number): SignedPayload {
  const header = signer.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
  return { payload, header };
}

/** A Stripe event envelope around a copy of `object` as it is now. */
export function buildEvent(
  type: string,
  object: StripeObject,
  created: number,
  previousAttributes?: Record<string, unknown>,
): FakeEvent {
  return {
    id: stripeId('evt_'),
    object: 'event',
    api_version: FAKE_API_VERSION,
    created,
    data: {
      object: structuredClone(object),
      ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** What the endpoint answered to one delivery. */
export interface Delivery {
  eventId: string;
  type: string;
  /** HTTP status, or 0 when the endpoint could not be reached. */
  status: number;
  body: string;
}

/** POSTs a signed event to the endpoint, as Stripe's webhook sender does (JSON, `Stripe-Signature`). */
export async function deliverEvent(
  url: string,
  event: FakeEvent,
  secret: string,
  timestamp?: number,
): Promise<Delivery> {
  const { payload, header } = signPayload(JSON.stringify(event, null, 2), secret, timestamp);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': header,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    return { eventId: event.id, type: event.type, status: response.status, body: await response.text() };
  } catch (error) {
    return { eventId: event.id, type: event.type, status: 0, body: (error as Error).message };
  }
}
