import type Stripe from 'stripe';
import type { MeterEventRow } from './meter-outbox.ts';

/** What one send did: Stripe has the event (now or from before), try again later, or never. */
export type MeterSendOutcome =
  | { kind: 'sent'; duplicate: boolean }
  | { kind: 'retry'; error: string }
  | { kind: 'permanent'; error: string };

/** Stripe's answer when an event with this identifier is already recorded (inside its dedupe window). */
const alreadyExists = /already exists with identifier/i;

/**
 * Reports one outbox row as a meter event. The identifier makes Stripe record it once; the same
 * value as the request's `Idempotency-Key` makes a retry of this very request (the SDK's own,
 * or ours after a crash) get the first answer back. Never throws: failures come back as data,
 * told apart as Stripe documents (network, 409, 429 and 5xx are worth another try).
 */
export async function sendMeterEvent(
  stripe: Stripe,
  eventName: string,
  row: MeterEventRow,
): Promise<MeterSendOutcome> {
  try {
    await stripe.billing.meterEvents.create(
      {
        event_name: eventName,
        identifier: row.identifier,
        timestamp: Math.floor(Date.parse(row.occurredAt) / 1000),
        payload: { stripe_customer_id: row.stripeCustomerId, value: String(row.value) },
      },
      { idempotencyKey: row.identifier },
    );
    return { kind: 'sent', duplicate: false };
  } catch (error) {
    return classify(error);
  }
}

function classify(error: unknown): MeterSendOutcome {
  const stripeError = error as Partial<Stripe.errors.StripeError> & { message?: string };
  const message = `${stripeError.type ?? 'Error'}: ${stripeError.message ?? String(error)}`;
  if (stripeError.type === 'StripeInvalidRequestError' && alreadyExists.test(stripeError.message ?? '')) {
    return { kind: 'sent', duplicate: true };
  }
  const status = stripeError.statusCode;
  // No status: the request may not have arrived (connection, timeout). Auth and permission
  // errors are the operator's to fix (a rotated key): worth trying again, not giving up on usage.
  const retryable =
    status === undefined ||
    status >= 500 ||
    status === 409 ||
    status === 429 ||
    status === 401 ||
    status === 403 ||
    stripeError.type === 'StripeConnectionError';
  return retryable ? { kind: 'retry', error: message } : { kind: 'permanent', error: message };
}
