/**
 * Browser end to end for billing: the real platform with billing on against the fake Stripe.
 * An owner opens Billing from Settings (375 px wide), upgrades to Pro, pays on the fake's stand-in
 * for Stripe's hosted Checkout, comes back to the Billing page, and sees the plan that Stripe's
 * signed webhook (through the web app's /api forwarding) put the organization on, with its
 * invoice. Screenshots go to test-artifacts/web/.
 */
import { startFakeStripe } from '@lifeosai/testkit/fake-stripe';
import { freePort } from '@lifeosai/testkit/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signUp } from './testing/browser.ts';
import { browserSuite } from './testing/browser-suite.ts';

const stripePort = await freePort();
const webhookSecret = 'whsec_e2e_billing_0123456789abcdef';
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
beforeAll(async () => {
  stripe = await startFakeStripe({
    port: stripePort,
    webhookSecret,
    prices: [
      { id: 'price_pro_monthly', unitAmount: 2000 },
      { id: 'price_pro_usage', metered: true },
    ],
  });
});
afterAll(async () => stripe?.close());

const suite = browserSuite({
  extraEnv: {
    STRIPE_SECRET_KEY: 'sk_test_e2e_billing_0123456789',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
  },
  config: () => ({
    plans: [
      { id: 'free', name: 'Free', includedUsd: 0, limits: { agents: 5 } },
      {
        id: 'pro',
        name: 'Pro',
        stripePriceId: 'price_pro_monthly',
        stripeMeteredPriceId: 'price_pro_usage',
        includedUsd: 20,
        limits: { concurrentRuns: 4 },
      },
    ],
  }),
});

describe('billing in a real browser', () => {
  it('owner: Settings → Billing → Upgrade to Pro → pay on Checkout → back on Pro with its invoice', async () => {
    const { page, errors } = await suite.newPage({ width: 375, height: 812 });
    const base = suite.platform.webUrl;
    stripe.setWebhook(`${base}/api/billing/stripe/webhook`);
    await signUp(page, base, 'bea.billing@example.com', 'Bea Billing');
    await page.goto(`${base}/settings`);
    await page.getByRole('link', { name: 'Billing and plan' }).click();
    await page.waitForURL(/\/settings\/billing$/);
    await expect.poll(() => page.getByTestId('billing-plan').textContent()).toBe('Free');
    expect(await page.getByTestId('billing-status').textContent()).toBe('Free');
    await shot(page, 'billing', 'free-phone');

    await page.getByRole('button', { name: 'Upgrade to Pro' }).click();
    await page.waitForURL(new RegExp(`^${stripe.apiBase}/checkout/pay/cs_test_`));
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/settings\/billing\?checkout=success$/);
    await expect.poll(() => page.getByTestId('billing-plan').textContent()).toBe('Pro');
    expect(await page.getByTestId('billing-status').textContent()).toBe('Active');
    expect(await page.getByRole('status').textContent()).toContain('Thank you');
    const invoice = page.getByRole('table', { name: 'Invoices' }).getByRole('row').nth(1);
    await expect.poll(() => invoice.textContent()).toContain('$20.00');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(page, 'billing', 'pro-phone');
    expect(errors).toEqual([]);
  });
});
