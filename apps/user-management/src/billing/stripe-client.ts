import Stripe from 'stripe';
import type { StripeSettings } from './billing-settings.ts';

/**
 * The one place the gateway builds its Stripe client (checkout, portal, webhooks, the meter
 * reporter): the SDK's pinned API version, no telemetry, a bounded timeout, and Stripe's own
 * retries (with idempotency keys on POSTs) for network failures and 409/5xx.
 */
export function createStripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    ...settings.apiBase,
    telemetry: false,
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'lifeosai' },
  });
}
