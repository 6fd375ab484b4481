import {
  adminBillingListSchema,
  billingRedirectSchema,
  billingSchema,
  checkoutBody,
  invoiceListSchema,
} from '@lifeosai/api-contract';
import {
  errorResponse,
  jsonBody,
  jsonResponse,
  type Operation,
  privateErrors,
  schemaOf,
} from './schema-helpers.ts';

const tags = ['Billing'];
const response = (description: string, schema: Parameters<typeof schemaOf>[0]) =>
  jsonResponse(description, schemaOf(schema, 'output'));
/** Owners and admins buy and manage the plan; every member reads it. */
const manage = { 'x-min-role': 'admin' as const };
const off = errorResponse('BILLING_NOT_CONFIGURED: billing is off here (no STRIPE_SECRET_KEY).');
const stripeDown = errorResponse('STRIPE_UNAVAILABLE: Stripe did not answer as expected; try again.');

/** Billing with Stripe: the organization's plan and usage, Checkout, the portal, invoices, Stripe's webhook. */
export const billingPaths: Record<string, Record<string, Operation>> = {
  '/api/billing': {
    get: {
      tags,
      summary: "The organization's plan, status, period, usage and limits, and the plans on offer",
      description:
        'Works with billing off: `enabled: false`, `status: off`, no limits. `period` is the subscription’s ' +
        'current period, else the calendar month (UTC); `usage.costUsd` is the runs’ cost in it.',
      operationId: 'getBilling',
      responses: { '200': response('The billing view.', billingSchema), ...privateErrors },
    },
  },
  '/api/billing/checkout': {
    post: {
      tags,
      summary: 'Start buying a plan (Stripe Checkout)',
      description:
        'Answers the URL of Stripe’s hosted Checkout for the plan’s subscription (its flat price, and its metered ' +
        'price for usage past what is included); Stripe sends the browser back to `/settings/billing`. The plan ' +
        'applies when Stripe’s signed webhook arrives. An organization already subscribed gets the billing ' +
        'portal’s URL instead (plans change there).',
      operationId: 'startCheckout',
      ...manage,
      requestBody: jsonBody(schemaOf(checkoutBody)),
      responses: {
        '200': response('Where to send the browser.', billingRedirectSchema),
        '400': errorResponse(
          'PLAN_UNKNOWN: no plan by that id has a Stripe price here (or a malformed body).',
        ),
        ...privateErrors,
        '409': off,
        '502': stripeDown,
      },
    },
  },
  '/api/billing/portal': {
    post: {
      tags,
      summary: "Open Stripe's billing portal (payment method, plan, cancellation, invoices)",
      operationId: 'openBillingPortal',
      ...manage,
      responses: {
        '200': response('Where to send the browser.', billingRedirectSchema),
        ...privateErrors,
        '409': off,
        '502': stripeDown,
      },
    },
  },
  '/api/billing/invoices': {
    get: {
      tags,
      summary: "The organization's invoices, newest first",
      description: 'Empty with billing off or before the first checkout.',
      operationId: 'listInvoices',
      ...manage,
      responses: {
        '200': response('Up to 24 invoices.', invoiceListSchema),
        ...privateErrors,
        '502': stripeDown,
      },
    },
  },
  '/api/billing/stripe/webhook': {
    post: {
      tags,
      summary: "Stripe's webhook (public; authenticated by Stripe's signature)",
      description:
        'Called by Stripe only, with `Stripe-Signature` (HMAC-SHA256 with `STRIPE_WEBHOOK_SECRET` over the raw ' +
        'body), checked before anything is read; signatures older than 5 minutes are refused. Each event id is ' +
        'processed once (a replay answers 200 and changes nothing). Events about a subscription ' +
        '(`checkout.session.completed`, `customer.subscription.*`, `invoice.*`) apply its current state, read ' +
        'from Stripe. Bodies up to 512 KiB; no session or API key.',
      operationId: 'stripeWebhook',
      security: [],
      parameters: [
        {
          name: 'Stripe-Signature',
          in: 'header',
          required: true,
          description: "Stripe's signature (`t=…,v1=…`).",
          schema: { type: 'string' },
        },
      ],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', description: 'A Stripe event.' } } },
      },
      responses: {
        '200': jsonResponse('Received: `{received: true, outcome}` (`applied`, `duplicate`, `ignored: …`).'),
        '400': errorResponse(
          'STRIPE_SIGNATURE_INVALID: no signature, a wrong or stale one; nothing changed.',
        ),
        '409': off,
        '413': errorResponse('BODY_TOO_LARGE.'),
        '415': errorResponse('Not JSON.'),
        '502': errorResponse(
          'STRIPE_UNAVAILABLE: the event could not be applied now; Stripe delivers it again.',
        ),
      },
    },
  },
  '/api/admin/billing': {
    get: {
      tags: ['Instance admin'],
      summary: "Every organization's plan, status, period end and usage this period",
      description:
        'Instance admin only, with a session cookie; API keys are refused. Newest organization first.',
      operationId: 'listInstanceBilling',
      responses: {
        '200': response('Every organization.', adminBillingListSchema),
        '401': errorResponse('No valid session cookie or API key.'),
        '403': errorResponse(
          'FORBIDDEN: not the instance admin. SESSION_REQUIRED: the instance admin with an API key.',
        ),
      },
    },
  },
};
