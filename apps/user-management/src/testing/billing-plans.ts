import type { Plan } from '@lifeosai/config';
import type { FakePrice } from '@lifeosai/testkit/fake-stripe';

/** The Stripe secret key the test stack's gateway uses (never to appear in answers or logs). */
export const testStripeSecretKey = 'sk_test_gateway_0123456789abcdef';

/** Plans of the test stack with billing on: free, two sold (one with a metered price), one not sold. */
export const testBillingPlans: Plan[] = [
  { id: 'free', name: 'Free', includedUsd: 0, limits: {} },
  {
    id: 'pro',
    name: 'Pro',
    stripePriceId: 'price_pro_monthly',
    stripeMeteredPriceId: 'price_pro_usage',
    includedUsd: 20,
    limits: { concurrentRuns: 4, periodUsd: 200 },
  },
  { id: 'team', name: 'Team', stripePriceId: 'price_team_monthly', includedUsd: 100, limits: {} },
  { id: 'enterprise', name: 'Enterprise', includedUsd: 1000, limits: {} },
];

/** The prices the fake Stripe knows for those plans. */
export const testStripePrices: FakePrice[] = [
  { id: 'price_pro_monthly', unitAmount: 2000 },
  { id: 'price_pro_usage', metered: true },
  { id: 'price_team_monthly', unitAmount: 9900 },
];
