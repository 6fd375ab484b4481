import { z } from 'zod';

/**
 * A plan an organization can be on, from `plans` in config.json. Billing reads prices and
 * what is included; the Agent API enforces `limits` (only while billing is on).
 */
export const planSchema = z
  .object({
    /** Stable id (`free`, `pro`): stored on the organization, sent to checkout. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected a lowercase id like pro or team-2'),
    /** What people read. */
    name: z.string().min(1).max(80),
    /** The Stripe price of the subscription's flat part (`price_…`); absent for a plan with none. */
    stripePriceId: z.string().min(1).optional(),
    /** The Stripe metered price the usage meter bills (`price_…`); absent: usage is not billed. */
    stripeMeteredPriceId: z.string().min(1).optional(),
    /** Usage (USD, as runs cost) included per billing period before metered billing applies. */
    includedUsd: z.number().min(0).default(0),
    /** Limits while on this plan; an absent limit is no limit. */
    limits: z
      .object({
        /** Agents the organization may have. */
        agents: z.number().int().min(0).optional(),
        /** Runs queued or running at once across the organization. */
        concurrentRuns: z.number().int().min(1).optional(),
        /** Hard limit on usage (USD) per billing period: past it new runs are refused. */
        periodUsd: z.number().min(0).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type Plan = z.infer<typeof planSchema>;

/** The plan every organization is on when `plans` is empty or names no `free` plan. */
export const defaultFreePlan: Plan = { id: 'free', name: 'Free', includedUsd: 0, limits: {} };

/** The configured plans, with a `free` plan first when none is given. */
export function plansOf(plans: readonly Plan[]): Plan[] {
  return plans.some((plan) => plan.id === 'free') ? [...plans] : [defaultFreePlan, ...plans];
}

export const plansSchema = z
  .array(planSchema)
  .max(50)
  .default([])
  .refine((plans) => new Set(plans.map((plan) => plan.id)).size === plans.length, 'plan ids must be unique');
