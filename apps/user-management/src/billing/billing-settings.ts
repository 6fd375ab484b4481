import { PlatformError } from '@lifeosai/errors';
import { z } from 'zod';

/** How the gateway reaches Stripe; present only while billing is on. */
export interface StripeSettings {
  /** `STRIPE_SECRET_KEY` (`sk_…` or a restricted `rk_…`): never logged, never answered. */
  secretKey: string;
  /** `STRIPE_WEBHOOK_SECRET` (`whsec_…`): verifies `POST /api/billing/stripe/webhook`. */
  webhookSecret: string;
  /** `STRIPE_API_BASE`: another server than api.stripe.com (a fake in tests, a proxy). */
  apiBase?: { host: string; port: number; protocol: 'http' | 'https' };
}

const stripeEnvSchema = z.object({
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\S+$/, 'expected a Stripe secret key (sk_test_…, sk_live_… or rk_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, 'expected a webhook signing secret (whsec_…)')
    .optional(),
  STRIPE_API_BASE: z
    .url({ protocol: /^https?$/ })
    .transform((value) => {
      const url = new URL(value);
      const protocol = url.protocol === 'http:' ? ('http' as const) : ('https' as const);
      return { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
    })
    .optional(),
});

const settingError = (name: string, message: string) =>
  new PlatformError('CONFIG_INVALID', `Invalid user-management setting ${name}: ${message}`);

/**
 * Billing's settings from the environment: undefined (billing off) without `STRIPE_SECRET_KEY`.
 * With the key the webhook secret is required: without it subscription changes would never
 * reach the organizations. A bad value names its variable (never its value).
 */
export function loadStripeSettings(env: Record<string, string | undefined>): StripeSettings | undefined {
  const present = (name: string) => (env[name] ? env[name] : undefined);
  const parsed = stripeEnvSchema.safeParse({
    STRIPE_SECRET_KEY: present('STRIPE_SECRET_KEY'),
    STRIPE_WEBHOOK_SECRET: present('STRIPE_WEBHOOK_SECRET'),
    STRIPE_API_BASE: present('STRIPE_API_BASE'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw settingError(String(issue.path[0]), issue.message);
  }
  const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE } = parsed.data;
  if (!STRIPE_SECRET_KEY) return undefined;
  if (!STRIPE_WEBHOOK_SECRET)
    throw settingError(
      'STRIPE_WEBHOOK_SECRET',
      'required with STRIPE_SECRET_KEY (the signing secret of the Stripe webhook endpoint <public url>/api/billing/stripe/webhook)',
    );
  return {
    secretKey: STRIPE_SECRET_KEY,
    webhookSecret: STRIPE_WEBHOOK_SECRET,
    ...(STRIPE_API_BASE ? { apiBase: STRIPE_API_BASE } : {}),
  };
}
