import { type BillingView, checkoutBody, type InvoiceView } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { instanceAdminOnly } from '../admin/instance-admin-only.ts';
import type { InstanceDirectory } from '../admin/instance-directory.ts';
import { audit } from '../audit.ts';
import { adminBillingList } from './admin-billing.ts';
import type { BillingService } from './billing-service.ts';
import { handleStripeWebhook } from './stripe-webhook.ts';

/** Stripe's events are a few KB; a body past this is not one. */
const WEBHOOK_BODY_LIMIT = 512 * 1024;

/**
 * `/api/billing*` for the caller's organization: everyone reads the plan and usage; owners and
 * admins start Checkout, open the billing portal and read invoices. `GET /api/admin/billing`
 * for the instance admin. Register inside the private scope (on a scope of its own).
 */
export function registerBillingRoutes(
  scope: FastifyInstance,
  deps: { db: Kysely<Database>; billing: BillingService },
): void {
  const { db, billing } = deps;
  const orgOf = (request: { caller: { orgId: string } }) => request.caller.orgId;

  scope.get('/api/billing', async (request): Promise<BillingView> => billing.overview(orgOf(request)));

  scope.post('/api/billing/checkout', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { plan } = checkoutBody.parse(request.body);
    const redirect = await billing.checkout(orgOf(request), plan);
    await audit(db, request.caller, {
      action: 'billing.checkout_started',
      targetType: 'plan',
      targetId: plan,
    });
    return reply.header('cache-control', 'no-store').send(redirect);
  });

  scope.post('/api/billing/portal', { config: { minRole: 'admin' } }, async (request, reply) =>
    reply.header('cache-control', 'no-store').send(await billing.portal(orgOf(request))),
  );

  scope.get(
    '/api/billing/invoices',
    { config: { minRole: 'admin' } },
    async (request): Promise<{ items: InvoiceView[] }> => billing.invoices(orgOf(request)),
  );

  scope.register(async (admin) => {
    instanceAdminOnly(admin);
    admin.get('/api/admin/billing', async () =>
      adminBillingList(db, { enabled: billing.enabled, plans: billing.plans }),
    );
  });
}

/**
 * `POST /api/billing/stripe/webhook`: public (Stripe signs it). Registered on its own scope
 * outside the authenticated one, with no JSON parsing: the body stays the exact bytes Stripe
 * signed (any JSON parse and re-serialise would break the signature).
 */
export function registerStripeWebhookRoute(
  scope: FastifyInstance,
  deps: {
    db: Kysely<Database>;
    billing: BillingService;
    directory: InstanceDirectory;
    webhookSecret?: string;
  },
): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  scope.post('/api/billing/stripe/webhook', async (request) => {
    const { billing } = deps;
    if (!billing.stripe || !deps.webhookSecret) throw new PlatformError('BILLING_NOT_CONFIGURED');
    const signature = request.headers['stripe-signature'];
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const outcome = await handleStripeWebhook(
      {
        db: deps.db,
        stripe: billing.stripe,
        webhookSecret: deps.webhookSecret,
        plans: billing.plans,
        store: billing.store,
        directory: deps.directory,
        log: request.log,
      },
      body,
      typeof signature === 'string' ? signature : undefined,
    );
    return { received: true, outcome: outcome.outcome };
  });
}
