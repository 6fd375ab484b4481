import { defineErrorCodes } from '../define-error-codes.ts';

/** Billing (Stripe), OAuth connections for agents, and plugins: the gateway's direct APIs. */
export const gatewayApiErrorCodes = defineErrorCodes({
  PLAN_LIMIT_REACHED: {
    status: 402,
    message:
      "The organization's plan does not allow this (a limit is reached); upgrade the plan in Billing, or wait for the next billing period.",
  },
  PAYMENT_REQUIRED: {
    status: 402,
    message:
      "The organization's last payment failed, so new runs are paused; update the payment method in Billing (Manage billing) and try again.",
  },
  BILLING_NOT_CONFIGURED: {
    status: 409,
    message:
      'Billing is off on this instance (STRIPE_SECRET_KEY is not set); every feature works without a plan.',
  },
  PLAN_UNKNOWN: {
    status: 400,
    message: 'No plan by that id can be bought here; pick one of the plans GET /api/billing lists.',
  },
  STRIPE_SIGNATURE_INVALID: {
    status: 400,
    message:
      'The webhook is not signed by Stripe with this endpoint’s secret (or the signature is too old); check STRIPE_WEBHOOK_SECRET.',
  },
  STRIPE_UNAVAILABLE: {
    status: 502,
    message: 'Stripe did not answer as expected; try again in a moment.',
  },
  OAUTH_PROVIDER_UNKNOWN: {
    status: 404,
    message: 'No OAuth provider by that id is configured here; see GET /api/oauth/providers.',
  },
  OAUTH_STATE_INVALID: {
    status: 400,
    message:
      'This sign-in link is not one we started, was used already, or is too old; start the connection again from Settings → Connections.',
  },
  OAUTH_CONSENT_DENIED: {
    status: 400,
    message: 'The provider reports that access was not granted; start the connection again and allow access.',
  },
  OAUTH_TOKEN_FAILED: {
    status: 502,
    message:
      "The provider refused or did not answer the token request; check the provider's client id, secret and token URL, then connect again.",
  },
  CONNECTION_NOT_FOUND: {
    status: 404,
    message: 'No connection by that id in this organization; connect the account in Settings → Connections.',
  },
  CONNECTION_UNAVAILABLE: {
    status: 409,
    message:
      'A connection this agent is granted is revoked or its refresh failed; reconnect it in Settings → Connections or remove it from the agent.',
  },
  PLUGIN_INVALID: {
    status: 400,
    message:
      'The plugin bundle cannot be read: it needs lifeosai-plugin.json or .claude-plugin/plugin.json with a name and version, in a .tgz or .zip.',
  },
  PLUGIN_NOT_FOUND: {
    status: 404,
    message: 'No plugin by that id in this organization; install it first (Plugins).',
  },
  PLUGIN_EXISTS: {
    status: 409,
    message:
      'This version of the plugin is installed already; uninstall it first or install another version.',
  },
  PLUGIN_FETCH_FAILED: {
    status: 502,
    message:
      'The npm registry did not give the package (name, version or checksum wrong, or unreachable); check the name@version.',
  },
});
