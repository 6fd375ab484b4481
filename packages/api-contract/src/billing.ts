import { z } from 'zod';
import { idSchema, timestampSchema } from './fields.ts';

/** An organization's billing status: `off` while billing is off on the instance, `free` with no subscription, else Stripe's subscription status. */
export const billingStatuses = [
  'off',
  'free',
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const;
export type BillingStatusView = (typeof billingStatuses)[number];

/** A plan's limits; null: no limit. */
export const planLimitsSchema = z.object({
  agents: z.number().int().nullable(),
  concurrentRuns: z.number().int().nullable(),
  /** Hard limit on usage (USD) per billing period. */
  periodUsd: z.number().nullable(),
});
export type PlanLimitsView = z.infer<typeof planLimitsSchema>;

/** A plan as offered (from config). */
export const planViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Usage (USD) included per period. */
  includedUsd: z.number(),
  limits: planLimitsSchema,
  /** Whether checkout can sell it (it has a Stripe price). */
  purchasable: z.boolean(),
});
export type PlanView = z.infer<typeof planViewSchema>;

/** `GET /api/billing`: the caller's organization. */
export const billingSchema = z.object({
  /** Billing is on (STRIPE_SECRET_KEY set); when off, nothing is limited and `status` is `off`. */
  enabled: z.boolean(),
  /** The plan's id. */
  plan: z.string(),
  status: z.enum(billingStatuses),
  /** The current billing period (the subscription's, else the calendar month, UTC). */
  period: z.object({ start: timestampSchema, end: timestampSchema }),
  /** Usage this period (the runs' cost, USD) against what the plan includes. */
  usage: z.object({ costUsd: z.number(), included: z.number() }),
  limits: planLimitsSchema,
  /** The subscription ends at the period's end. */
  cancelAtPeriodEnd: z.boolean(),
  /** Plans on offer. */
  plans: z.array(planViewSchema),
});
export type BillingView = z.infer<typeof billingSchema>;

/** `POST /api/billing/checkout`. */
export const checkoutBody = z.object({ plan: z.string().min(1).max(40) }).strict();
export type CheckoutBody = z.infer<typeof checkoutBody>;

/** `POST /api/billing/checkout` and `/portal`: where to send the browser (Stripe's hosted page). */
export const billingRedirectSchema = z.object({ url: z.string() });

/** An invoice (`GET /api/billing/invoices`), newest first. */
export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.string().nullable(),
  /** Total in the currency's minor unit (cents). */
  amountDue: z.number().int(),
  amountPaid: z.number().int(),
  currency: z.string(),
  periodStart: timestampSchema,
  periodEnd: timestampSchema,
  createdAt: timestampSchema,
  /** Stripe's page for it; null when Stripe gives none. */
  hostedInvoiceUrl: z.string().nullable(),
  pdfUrl: z.string().nullable(),
});
export type InvoiceView = z.infer<typeof invoiceSchema>;
export const invoiceListSchema = z.object({ items: z.array(invoiceSchema) });

/** The instance admin's view of every organization's plan (`GET /api/admin/billing`). */
export const adminBillingListSchema = z.object({
  items: z.array(
    z.object({
      orgId: idSchema,
      orgName: z.string(),
      plan: z.string(),
      status: z.enum(billingStatuses),
      periodEnd: timestampSchema.nullable(),
      usageUsd: z.number(),
      /**
       * Usage records Stripe's meter never accepted after every retry (kept in the outbox with
       * the last error): the organization is under-billed by them until someone looks.
       */
      meterEventsFailed: z.number().int(),
    }),
  ),
});
export type AdminBillingListView = z.infer<typeof adminBillingListSchema>;
